package guardrails.workspacecreation;

import guardrails.shared.reporting.Finding;

/**
 * A rule's decision: a finding, and the WorkSpace to terminate for it (null when nothing is to be done) with what is
 * left to the operator once it is terminated.
 */
public record Verdict(Finding finding, String terminateWorkspaceId, String afterTermination) {

    static Verdict alert(Finding finding) {
        return new Verdict(finding, null, null);
    }
}
