package guardrails.shared.findings;

/**
 * A finding about to be reported, with the remediation that goes with it (null when there is none).
 *
 * @param onceKey what makes it once-only; null: the finding on its resource for this event (see
 *                {@link Finding#onceKey}). A change of state seen by several runs at once (a subnet's level, read
 *                by concurrent sweeps) is keyed by the change itself, so that only one of them reports it.
 */
public record Proposal(Finding finding, Remediation remediation, String onceKey) {

    public Proposal(Finding finding, Remediation remediation) {
        this(finding, remediation, null);
    }

    public static Proposal alertOnly(Finding finding) {
        return new Proposal(finding, null, null);
    }

    /** Reported once per change of state, however many runs see it: {@code change} names the state left and the one reached. */
    public static Proposal onChange(Finding finding, String change) {
        return new Proposal(finding, null, finding.guardrail() + "|" + finding.rule() + "|" + change);
    }

    public String onceKey(String eventId) {
        return onceKey != null ? onceKey : finding.onceKey(eventId);
    }
}
