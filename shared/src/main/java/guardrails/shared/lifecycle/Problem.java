package guardrails.shared.lifecycle;

import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Remediation;

/**
 * A problem a guardrail sees open on a resource now.
 *
 * @param finding     what to tell the operator (its rule and resource key the lifecycle's record)
 * @param state       what makes it the same problem from run to run ("sgr-1 sgr-2", "CRITICAL"): a different state is
 *                    a change, alerted again and remediated afresh; the same state is old news
 * @param remediation the fix REMEDIATE mode runs (null: none is safe)
 */
public record Problem(Finding finding, String state, Remediation remediation) {

    public static Problem alertOnly(Finding finding, String state) {
        return new Problem(finding, state, null);
    }

    public String rule() {
        return finding.rule();
    }
}
