package guardrails.shared;

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
 * @param operatorAction what the operator should do
 */
public record Finding(String guardrail, String rule, Severity severity, String resourceId, List<String> related,
                      String title, String seen, String whyItMatters, String actionTaken, String operatorAction) {

    public Finding {
        Objects.requireNonNull(guardrail);
        Objects.requireNonNull(rule);
        Objects.requireNonNull(severity);
        Objects.requireNonNull(resourceId);
        related = related == null ? List.of() : List.copyOf(related);
    }

    public Finding withActionTaken(String action) {
        return new Finding(guardrail, rule, severity, resourceId, related, title, seen, whyItMatters, action,
                operatorAction);
    }

    /** Publish-once key: the same rule on the same resource for the same event is reported once. */
    public String onceKey(String eventId) {
        return eventId + "|" + rule + "|" + resourceId;
    }
}
