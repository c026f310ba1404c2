package guardrails.shared.events;

/**
 * An event this function cannot use. It is logged once, counted, and the invocation ends normally:
 * retrying would fail the same way, so a retry loop would only hide it.
 */
public final class UnusableEvent extends RuntimeException {

    /** Why the event cannot be used; stable values for log queries and metrics. */
    public enum Reason { MALFORMED_JSON, WRONG_SOURCE, MISSING_FIELD, WRONG_TYPE, FAILED_CALL, FOREIGN_ACCOUNT }

    private final Reason reason;

    public UnusableEvent(Reason reason, String detail) {
        super(detail, null, false, false); // no stack trace: this is an expected outcome, not a bug
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /**
     * A value from the event, fit to appear in a log line: printable, at most 64 characters. Events are not
     * trusted, and a huge or binary field must not turn one log line into a flood.
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String printable = value.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 61) + "...";
    }
}
