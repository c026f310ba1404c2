package guardrails.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a template function's very handler class in this JVM, configured as the template configures it (with
 * the given environment on top), as Lambda would: construct once, then invoke per event.
 */
public final class LocalInvoker {

    private final Template.Function function;
    private final RequestStreamHandler handler;

    public LocalInvoker(Template.Function function, Map<String, String> environment) {
        this.function = function;
        Map<String, String> env = new HashMap<>(function.environment());
        env.putAll(environment);
        try {
            this.handler = (RequestStreamHandler) Class.forName(function.handlerClass()).getConstructor(Map.class)
                    .newInstance(Map.copyOf(env));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(function.logicalId() + " failed to start: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + function.handlerClass()
                    + " (it needs a public constructor taking the environment map)", e);
        }
    }

    /** Invokes the handler with its metrics discarded; returns its summary, parsed. */
    public com.fasterxml.jackson.databind.JsonNode run(String event) throws Exception {
        return CloudTrailEvents.parse(invoke(event, new PrintStream(java.io.OutputStream.nullOutputStream())));
    }

    /**
     * Invokes the handler; returns its output. Anything the handler prints to standard output (Powertools'
     * EMF metrics) goes to {@code sideOutput} instead, so the result stays clean. Throws what the handler
     * throws: that is an invocation Lambda would retry.
     */
    public String invoke(String event, PrintStream sideOutput) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(sideOutput);
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output,
                    new LocalContext(function.logicalId()));
        } finally {
            System.setOut(stdout);
        }
        return output.toString(StandardCharsets.UTF_8);
    }
}
