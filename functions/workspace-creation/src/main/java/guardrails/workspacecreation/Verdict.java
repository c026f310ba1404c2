package guardrails.workspacecreation;

import guardrails.shared.findings.Finding;
import java.util.List;

/**
 * A rule's decision: a finding, and the WorkSpace to terminate for it (null when nothing is to be done) with what the
 * alert says once it is terminated.
 */
public record Verdict(Finding finding, String terminateWorkspaceId, Afterwards afterTermination) {

    /** The terminated alert's title, what is left to the operator, and the commands for it. */
    public record Afterwards(String title, String whatIsLeft, List<String> commands) {
    }

    static Verdict alert(Finding finding) {
        return new Verdict(finding, null, null);
    }
}
