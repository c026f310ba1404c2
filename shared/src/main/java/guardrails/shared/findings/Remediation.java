package guardrails.shared.findings;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

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
 * @param afterwardsCommands the commands for what is left, if any ({@link ShellCommand})
 * @param doneTitle     the fixed finding's title, leading with what was done ("Terminated ws-…: …"); null: "Fixed: "
 *                      and the finding's own title
 */
public record Remediation(String description, Supplier<String> act, Duration settlesWithin, String afterwards,
                          List<String> afterwardsCommands, String doneTitle) {

    public Remediation {
        afterwardsCommands = afterwardsCommands == null ? List.of() : List.copyOf(afterwardsCommands);
    }

    public Remediation(String description, Supplier<String> act) {
        this(description, act, null, null, List.of(), null);
    }

    public Remediation(String description, Supplier<String> act, Duration settlesWithin) {
        this(description, act, settlesWithin, null, List.of(), null);
    }

    /** ALERT mode's words for this fix, which it does not run. */
    public String wouldDo() {
        return "Nothing (mode is ALERT). In REMEDIATE mode the guardrail would " + description + ".";
    }

    /** The same fix, saying what the operator still does once it is done, and the commands for it. */
    public Remediation then(String whatIsLeft, String... commands) {
        return new Remediation(description, act, settlesWithin, whatIsLeft, List.of(commands), doneTitle);
    }

    /** The same fix, its act wrapped (run under a claim, say). */
    public Remediation actingThrough(UnaryOperator<Supplier<String>> wrap) {
        return new Remediation(description, wrap.apply(act), settlesWithin, afterwards, afterwardsCommands, doneTitle);
    }

    /** The same fix, whose alert once done is titled with what was done. */
    public Remediation titled(String titleOnceDone) {
        return new Remediation(description, act, settlesWithin, afterwards, afterwardsCommands, titleOnceDone);
    }

    /**
     * AWS refused the fix for a reason the guardrail can name (a node not enrolled for it, say): no retry can help, and
     * the operator is told exactly what to do instead of "fix it by hand".
     */
    public static final class Refused extends RuntimeException {
        private final String advice;
        private final List<String> commands;

        public Refused(String why, String advice, String... commands) {
            super(why, null, false, false);
            this.advice = advice;
            this.commands = List.of(commands);
        }

        public String advice() {
            return advice;
        }

        public List<String> commands() {
            return commands;
        }
    }

    /** The fix is not tried in this run (a per-run budget is spent): a later run does it; not a failed attempt. */
    public static final class Deferred extends RuntimeException {
        public Deferred(String why) {
            super(why, null, false, false);
        }
    }
}
