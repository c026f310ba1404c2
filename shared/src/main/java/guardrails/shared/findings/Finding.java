package guardrails.shared.findings;

import java.util.List;
import java.util.Objects;

/**
 * One thing an operator must know: what was seen on which resource, why it matters (the field fact),
 * what the guardrail did, and what the operator should do next.
 *
 * @param guardrail    e.g. "G1-workspace-creation" (no spaces: it is a metric dimension and a filter value)
 * @param rule         stable rule id, e.g. "TRUSTED_USER_ON_NON_WINDOWS_BUNDLE"
 * @param resourceId   the resource the finding is about; with the rule and the event id it keys publish-once
 * @param related      other resources worth naming (directory, trust, subnet)
 * @param title        one human line
 * @param seen         what was observed, with the evidence used
 * @param whyItMatters the fact behind the rule
 * @param actionTaken  what the guardrail did ("nothing: mode is ALERT", "terminated ws-…")
 * @param operatorAction what the operator should do, in words
 * @param commands     the commands that do it, each a whole line to paste ({@link ShellCommand}), in order
 */
public record Finding(String guardrail, String rule, Severity severity, String resourceId, List<String> related,
                      String title, String seen, String whyItMatters, String actionTaken, String operatorAction,
                      List<String> commands) {

    /** Bounds that keep the largest alert (every field at its bound, in 3-byte characters) well under SNS's 256 KiB. */
    static final int TITLE_LIMIT = 250;
    static final int TEXT_LIMIT = 2_000;
    static final int ID_LIMIT = 200;
    public static final int RELATED_LIMIT = 50;
    /** All commands together: each is whole or left out (a command cut short could break its quoting). */
    public static final int COMMANDS_LIMIT = 6_000;

    /** Every text is made safe here, once, since rules quote events and API answers: see {@link SafeText}. */
    public Finding {
        Objects.requireNonNull(guardrail);
        Objects.requireNonNull(rule);
        Objects.requireNonNull(severity);
        resourceId = SafeText.line(Objects.requireNonNull(resourceId), ID_LIMIT);
        related = related == null ? List.of() : SafeText.lines(related, RELATED_LIMIT, ID_LIMIT);
        title = SafeText.line(title, TITLE_LIMIT);
        seen = SafeText.line(seen, TEXT_LIMIT);
        whyItMatters = SafeText.line(whyItMatters, TEXT_LIMIT);
        actionTaken = SafeText.line(actionTaken, TEXT_LIMIT);
        operatorAction = SafeText.line(operatorAction, TEXT_LIMIT);
        commands = commands == null ? List.of() : whole(commands);
    }

    /**
     * The commands in order while they fit {@link #COMMANDS_LIMIT} together; the first that does not, and the rest,
     * are left out.
     */
    private static List<String> whole(List<String> commands) {
        List<String> kept = new java.util.ArrayList<>();
        int total = 0;
        for (String command : commands) {
            if (command == null) {
                continue;
            }
            String line = SafeText.line(command, Integer.MAX_VALUE);
            total += line.length();
            if (total > COMMANDS_LIMIT) {
                break;
            }
            kept.add(line);
        }
        return List.copyOf(kept);
    }

    /** A finding whose operator action needs no command. */
    public Finding(String guardrail, String rule, Severity severity, String resourceId, List<String> related,
                   String title, String seen, String whyItMatters, String actionTaken, String operatorAction) {
        this(guardrail, rule, severity, resourceId, related, title, seen, whyItMatters, actionTaken, operatorAction,
                List.of());
    }

    /** The same finding with the commands that do what {@link #operatorAction} says. */
    public Finding withCommands(String... lines) {
        return new Finding(guardrail, rule, severity, resourceId, related, title, seen, whyItMatters, actionTaken,
                operatorAction, List.of(lines));
    }

    /** The same finding with another operator action (a refusal's advice) and its commands. */
    public Finding instead(String action, List<String> lines) {
        return new Finding(guardrail, rule, severity, resourceId, related, title, seen, whyItMatters, actionTaken,
                action, lines);
    }

    public Finding withActionTaken(String action) {
        return new Finding(guardrail, rule, severity, resourceId, related, title, seen, whyItMatters, action,
                operatorAction, commands);
    }

    /**
     * The same finding, escalated because the guardrail could not fix it: the operator does it by hand, with the
     * same commands.
     */
    public Finding notFixed(String action) {
        return new Finding(guardrail, rule, Severity.CRITICAL, resourceId, related, "Could not fix: " + title, seen,
                whyItMatters, action, "Fix it by hand: " + operatorAction, commands);
    }

    /** What to do once a guardrail fixed it and the fix said nothing more: nothing, unless it was not wanted. */
    public static final String NOTHING_TO_RUN = "Nothing to run: the guardrail did it. If it was not wanted, tag the"
            + " resource " + Exemption.TAG_KEY + " = true so the guardrails leave it alone, then undo it.";

    /**
     * The finding once the guardrail fixed it: the title leads with the outcome ("Fixed: …"; what was done is the
     * action), and what is left to the operator ({@link Remediation#afterwards}, else {@link #NOTHING_TO_RUN}),
     * never the command for what was just done.
     */
    public Finding fixed(Remediation fix, String action) {
        return new Finding(guardrail, rule, severity, resourceId, related,
                fix.doneTitle() != null ? fix.doneTitle() : "Fixed: " + title,
                seen, whyItMatters, action, fix.afterwards() != null ? fix.afterwards() : NOTHING_TO_RUN,
                fix.afterwards() != null ? fix.afterwardsCommands() : List.of());
    }

    /** The finding once a fix whose effect shows later was started: check it, and what to do if it did not help. */
    public Finding fixStarted(Remediation fix, String action) {
        return new Finding(guardrail, rule, severity, resourceId, related, "Fix started: " + title, seen,
                whyItMatters, action, fix.afterwards() != null ? fix.afterwards()
                : "Nothing to run now: the fix was started. If the problem is still reported once it had time to"
                        + " show: " + operatorAction,
                fix.afterwards() != null ? fix.afterwardsCommands() : commands);
    }

    /** Publish-once key: the same rule on the same resource for the same event is reported once. */
    public String onceKey(String eventId) {
        return onceKey(eventId, rule, resourceId);
    }

    public static String onceKey(String eventId, String rule, String resourceId) {
        return eventId + "|" + rule + "|" + SafeText.line(resourceId, ID_LIMIT);
    }
}
