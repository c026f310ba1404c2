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
    private final String account;
    private final String region;

    private LocalInvoker(Template.Function function, RequestStreamHandler handler, String account, String region) {
        this.function = function;
        this.handler = handler;
        this.account = account;
        this.region = region;
    }

    public LocalInvoker(Template.Function function, Map<String, String> environment) {
        this.function = function;
        this.account = null;
        this.region = null;
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

    /**
     * The local runner plays the function deployed where the event comes from (a sample's account is not yours),
     * so only a test that means to can show a foreign event: {@link #invokeIn}.
     */
    private LocalContext contextFor(String event) {
        if (account != null) {
            return new LocalContext(function.logicalId(), account, region);
        }
        try {
            var envelope = CloudTrailEvents.parse(event);
            return new LocalContext(function.logicalId(), envelope.path("account").asText(LocalAws.ACCOUNT),
                    envelope.path("region").asText(LocalAws.REGION));
        } catch (RuntimeException notJson) {
            return new LocalContext(function.logicalId(), LocalAws.ACCOUNT, LocalAws.REGION);
        }
    }

    /** The same invoker, deployed in this account and region whatever the events say. */
    public LocalInvoker invokeIn(String account, String region) {
        return new LocalInvoker(function, handler, account, region);
    }

    /** Invokes the handler with its log and metric lines discarded; returns its summary, parsed. */
    public com.fasterxml.jackson.databind.JsonNode run(String event) throws Exception {
        return CloudTrailEvents.parse(invoke(event, new PrintStream(java.io.OutputStream.nullOutputStream())));
    }

    /**
     * Invokes the handler; returns its output. Anything the handler prints to standard output (its log and EMF
     * metric lines) goes to {@code sideOutput} instead, so the result stays clean. Throws what the handler
     * throws: that is an invocation Lambda would retry.
     */
    public String invoke(String event, PrintStream sideOutput) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        var standIn = LocalAws.sharedIfStarted().map(LocalAws::standIn);
        int mark = standIn.map(StandIn::journalSize).orElse(0);
        System.setOut(sideOutput);
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output,
                    contextFor(event));
        } finally {
            System.setOut(stdout);
            standIn.ifPresent(s -> WireCalls.record(function.logicalId(), s.journalSince(mark)));
        }
        return output.toString(StandardCharsets.UTF_8);
    }
}
