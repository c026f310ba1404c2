package guardrails.shared.findings;

import java.time.Instant;

/**
 * One message for the channels, decided by the finding lifecycle: the alert (email and chat) and what Security Hub
 * should do with the finding. Each channel delivers it once on its own, under {@code key}.
 *
 * @param key        once-only key of this transition (the same key is never delivered twice on a channel)
 * @param finding    what to say
 * @param alert      true: email and chat get it; false: Security Hub only (a refresh before its 90-day expiry)
 * @param hub        what Security Hub does with it
 * @param openSince  when the problem was first seen (ASFF CreatedAt)
 * @param rule       the rule whose Security Hub finding on the resource is imported or resolved (a recovery's own
 *                   finding has a rule of its own: "closed", "sticky again")
 */
public record Delivery(String key, Finding finding, boolean alert, Hub hub, Instant openSince, String rule) {

    /** Keys of messages saying a remediation ran: such a message is always alerted alone (AlertStorms). */
    public static final String ACTED = "|acted";

    /** True when this message says what a remediation did (a fix, an update started). */
    public boolean acted() {
        return hub == Hub.FIXED || (key != null && key.endsWith(ACTED));
    }

    /** What Security Hub is told. */
    public enum Hub {
        /** Nothing (an exemption notice: the open finding stays as it is). */
        NONE,
        /** Import (or update) the finding as ACTIVE, CreatedAt = openSince. */
        IMPORT,
        /** Import it, then resolve it: the guardrail fixed it itself. */
        FIXED,
        /** Resolve the rule's finding on the resource: the problem is gone. */
        RESOLVE
    }
}
