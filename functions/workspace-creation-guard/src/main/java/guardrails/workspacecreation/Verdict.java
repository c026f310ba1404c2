package guardrails.workspacecreation;

import guardrails.shared.reporting.Finding;

/** A rule's decision: a finding, and the WorkSpace to terminate for it (null when nothing is to be done). */
public record Verdict(Finding finding, String terminateWorkspaceId) {

    static Verdict alert(Finding finding) {
        return new Verdict(finding, null);
    }
}
