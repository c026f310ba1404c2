package guardrails.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cold invocation in a fresh JVM, as Lambda's init + first invoke: construct the handler with its no-arg
 * constructor (real wiring from the environment), handle one event, exit. "--parse-only" is the floor: the same
 * JVM start and the same event parsed, nothing else. Depends only on what the function jar carries.
 */
public final class ColdInvoke {

    private ColdInvoke() {
    }

    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        if ("--parse-only".equals(args[0])) {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(event);
        } else {
            RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor()
                    .newInstance();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
            if (!out.toString().contains("\"status\" : \"handled\"")) {
                System.err.println("NOT HANDLED: " + out);
                System.exit(3);
            }
        }
        System.exit(0); // the metrics library leaves a non-daemon thread behind
    }
}
