package guardrails.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import guardrails.shared.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * One cold invocation in a fresh JVM, as Lambda's init + first invoke: construct the handler with its no-arg
 * constructor (real wiring from the environment), handle one event, exit. "--parse-only" is the floor: the same
 * JVM start and the same event parsed, nothing else ("--parse-with-object-mapper": parsed as the functions did
 * before they stopped using Jackson's ObjectMapper). "--primed" / "--unprimed" construct the handler, run (or not)
 * the SnapStart priming a checkpoint would run, then time the first invocation against the next ones' median.
 * "--print" handles the event and prints the handler's output on one line after RESULT_MARK (the function's own
 * log and metric lines share standard output, as in Lambda).
 * Depends only on what the function jar carries.
 */
public final class ColdInvoke {

    public static final String RESULT_MARK = "HANDLER_OUTPUT ";

    private ColdInvoke() {
    }

    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Path.of(args[args.length - 1]));
        switch (args[0]) {
            case "--parse-only" -> Json.parse(event);
            case "--parse-with-object-mapper" -> new com.fasterxml.jackson.databind.ObjectMapper().readTree(event);
            case "--primed", "--unprimed" -> firstAgainstWarm(args[1], event, args[0].equals("--primed"));
            case "--print" -> System.out.println(RESULT_MARK
                    + Json.toString(Json.parse(invoke(handler(args[1]), event, false))));
            default -> invoke(handler(args[0]), event);
        }
        System.exit(0); // as Lambda freezes the process after the response: no waiting for idle client threads
    }

    private static RequestStreamHandler handler(String className) throws Exception {
        return (RequestStreamHandler) Class.forName(className).getConstructor().newInstance();
    }

    private static void invoke(RequestStreamHandler handler, byte[] event) throws Exception {
        invoke(handler, event, true);
    }

    private static String invoke(RequestStreamHandler handler, byte[] event, boolean mustBeHandled)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        if (mustBeHandled && !out.toString().contains("\"status\" : \"handled\"")) {
            System.err.println("NOT HANDLED: " + out);
            System.exit(3);
        }
        return out.toString();
    }

    private static void firstAgainstWarm(String className, byte[] event, boolean primed) throws Exception {
        RequestStreamHandler handler = handler(className);
        if (primed) {
            guardrails.shared.priming.Priming.primeAll();
        }
        // Markers in a class-loading log (-Xlog:class+load): what loads between them is the first invocation's.
        new FirstInvocationStarts();
        long start = System.nanoTime();
        invoke(handler, renew(event));
        double first = (System.nanoTime() - start) / 1e6;
        new FirstInvocationEnded();
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long t = System.nanoTime();
            invoke(handler, renew(event));
            warm.add((System.nanoTime() - t) / 1e6);
        }
        Collections.sort(warm);
        System.out.printf("FIRST_MS=%.1f WARM_P50_MS=%.1f%n", first, warm.get(warm.size() / 2));
    }

    /** New ids, so once-only lets every invocation do the full work. */
    private static byte[] renew(byte[] event) throws Exception {
        ObjectNode node = (ObjectNode) Json.parse(event);
        node.put("id", UUID.randomUUID().toString());
        if (node.path("detail").has("eventID")) {
            ((ObjectNode) node.get("detail")).put("eventID", UUID.randomUUID().toString());
        }
        return Json.write(node, false);
    }

    private static final class FirstInvocationStarts {
    }

    private static final class FirstInvocationEnded {
    }
}
