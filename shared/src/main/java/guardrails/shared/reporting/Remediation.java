package guardrails.shared.reporting;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A safe, idempotent fix for one finding, run only in REMEDIATE mode.
 *
 * @param description   what it would do, for ALERT mode's "would have…" line
 * @param act           does it and says what was done; may throw an SDK error, which the reporter turns into
 *                      "tried, failed" rather than losing the alert, or {@link Deferred} to leave it to a later run
 * @param settlesWithin null when the problem is gone once {@code act} returns (a rule revoked); else how long its
 *                      effect takes to show (a definitions update shows in the node's next inventory), during which
 *                      the finding lifecycle does not start it again
 * @param afterwards    what is left to the operator once it is done, for the alert's "what to do" (null: nothing to
 *                      run, {@link Finding#fixed}); never the command that does what was just done
 */
public record Remediation(String description, Supplier<String> act, Duration settlesWithin, String afterwards) {

    public Remediation(String description, Supplier<String> act) {
        this(description, act, null, null);
    }

    public Remediation(String description, Supplier<String> act, Duration settlesWithin) {
        this(description, act, settlesWithin, null);
    }

    /** The same fix, saying what the operator still does once it is done. */
    public Remediation then(String whatIsLeft) {
        return new Remediation(description, act, settlesWithin, whatIsLeft);
    }

    /**
     * AWS refused the fix for a reason the guardrail can name (a node not enrolled for it, say): no retry can help, and
     * the operator is told exactly what to do instead of "fix it by hand".
     */
    public static final class Refused extends RuntimeException {
        private final String advice;

        public Refused(String why, String advice) {
            super(why, null, false, false);
            this.advice = advice;
        }

        public String advice() {
            return advice;
        }
    }

    /** The fix is not tried in this run (a per-run budget is spent): a later run does it; not a failed attempt. */
    public static final class Deferred extends RuntimeException {
        public Deferred(String why) {
            super(why, null, false, false);
        }
    }
}
