package guardrails.shared;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;

/**
 * Structured logs: one JSON object per line on standard output, which CloudWatch Logs Insights reads field by field.
 * Written by hand rather than through Log4j and Powertools because their start-up (plugin scanning, an XML
 * configuration, a JMESPath engine for the correlation id) was 1,000 of the cold path's 8,000 classes
 * (docs/benchmarks.md). Each line carries the invocation's correlation id (the event id) and request id.
 *
 * <p>Level: the system property {@code guardrails.logLevel}, else {@code AWS_LAMBDA_LOG_LEVEL} (Lambda's advanced
 * logging controls), else {@code LOG_LEVEL}, else INFO. The local runner sets {@code guardrails.logTarget=stderr}
 * so that standard output carries only a handler's result.
 */
public final class StructuredLog {

    public enum Level { DEBUG, INFO, WARN, ERROR }

    /** One field of a log line. */
    public record Entry(String key, Object value) {
    }

    private record Invocation(String correlationId, String requestId, String functionName) {
    }

    /** Per thread: Lambda runs one invocation at a time, the tests run several containers side by side. */
    private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();

    private final String logger;

    private StructuredLog(String logger) {
        this.logger = logger;
    }

    public static StructuredLog of(Class<?> owner) {
        return new StructuredLog(owner.getName());
    }

    static StructuredLog named(String logger) {
        return new StructuredLog(logger);
    }

    public static Entry entry(String key, Object value) {
        return new Entry(key, value);
    }

    /** Tags this thread's lines with the invocation until {@link #endInvocation()}. */
    public static void beginInvocation(String correlationId, Context context) {
        CURRENT.set(new Invocation(correlationId, context == null ? null : context.getAwsRequestId(),
                context == null ? null : context.getFunctionName()));
    }

    public static void endInvocation() {
        CURRENT.remove();
    }

    public void debug(String message, Entry... entries) {
        log(Level.DEBUG, message, entries);
    }

    public void info(String message, Entry... entries) {
        log(Level.INFO, message, entries);
    }

    public void warn(String message, Entry... entries) {
        log(Level.WARN, message, entries);
    }

    public void error(String message, Entry... entries) {
        log(Level.ERROR, message, entries);
    }

    public static boolean enabled(Level level) {
        return level.compareTo(threshold()) >= 0;
    }

    void log(Level level, String message, Entry... entries) {
        if (!enabled(level)) {
            return;
        }
        ObjectNode line = Json.object();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level.name());
        line.put("logger", logger);
        line.put("message", message);
        Invocation invocation = CURRENT.get();
        if (invocation != null) {
            line.put("correlation_id", invocation.correlationId());
            line.put("function_request_id", invocation.requestId());
            line.put("function_name", invocation.functionName());
        }
        for (Entry entry : entries) {
            // By type rather than through Jackson's object mapping, whose introspection is slow on a cold start.
            switch (entry.value()) {
                case null -> line.putNull(entry.key());
                case Integer i -> line.put(entry.key(), i);
                case Long l -> line.put(entry.key(), l);
                case Number n -> line.put(entry.key(), n.doubleValue());
                case Boolean b -> line.put(entry.key(), b);
                case Iterable<?> items -> {
                    var array = line.putArray(entry.key());
                    items.forEach(item -> array.add(String.valueOf(item)));
                }
                default -> line.put(entry.key(), entry.value().toString());
            }
        }
        target().println(Json.toString(line));
    }

    /** Read per line, not cached: the local runner and the tests change it, and it costs a map look-up. */
    static Level threshold() {
        String configured = System.getProperty("guardrails.logLevel");
        if (configured == null) {
            configured = System.getenv("AWS_LAMBDA_LOG_LEVEL");
        }
        if (configured == null) {
            configured = System.getenv("LOG_LEVEL");
        }
        if (configured == null) {
            return Level.INFO;
        }
        return switch (configured.strip().toUpperCase(Locale.ROOT)) {
            case "TRACE", "DEBUG" -> Level.DEBUG;
            case "WARN", "WARNING" -> Level.WARN;
            case "ERROR", "FATAL" -> Level.ERROR;
            default -> Level.INFO;
        };
    }

    /** Looked up per line, so a test or the local runner that swaps System.out captures everything. */
    private static PrintStream target() {
        return "stderr".equals(System.getProperty("guardrails.logTarget")) ? System.err : System.out;
    }
}
