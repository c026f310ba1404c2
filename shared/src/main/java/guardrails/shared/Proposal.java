package guardrails.shared;

/** A finding about to be reported, with the remediation that goes with it (null when there is none). */
public record Proposal(Finding finding, Remediation remediation) {

    public static Proposal alertOnly(Finding finding) {
        return new Proposal(finding, null);
    }
}
