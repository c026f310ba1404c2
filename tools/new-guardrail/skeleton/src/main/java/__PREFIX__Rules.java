package guardrails.__PACKAGE__;

import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import guardrails.shared.findings.ShellCommand;
import java.util.List;
import java.util.Optional;

/**
 * __NUMBER__'s decisions, pure code. The example rule of the skeleton: a WorkSpaces directory whose registration is not
 * REGISTERED (ERROR, DEREGISTERING, ...) cannot launch WorkSpaces (DescribeWorkspaceDirectories' State,
 * https://docs.aws.amazon.com/workspaces/latest/api/API_WorkspaceDirectory.html). Replace it with the real rule.
 */
public final class __PREFIX__Rules {

    public static final String GUARDRAIL = "__KEY__";
    public static final String NOT_REGISTERED = "DIRECTORY_NOT_REGISTERED";

    private __PREFIX__Rules() {
    }

    /** No finding of this guardrail says a problem is gone. */
    public static boolean isRecovery(Finding finding) {
        return false;
    }

    public static Optional<Finding> judge(Directory directory) {
        if ("REGISTERED".equals(directory.state())) {
            return Optional.empty();
        }
        return Optional.of(new Finding(GUARDRAIL, NOT_REGISTERED, Severity.WARNING, directory.directoryId(), List.of(),
                "WorkSpaces directory " + directory.directoryId() + " is " + directory.state(),
                "DescribeWorkspaceDirectories says " + directory.directoryId() + " (" + directory.name() + ") is "
                        + directory.state() + ".",
                "No WorkSpace can be launched in a directory that is not registered.",
                "nothing: this guardrail only alerts",
                "Look at the directory's registration in the WorkSpaces console and register it again if need be.",
                List.of(ShellCommand.of("aws", "workspaces", "describe-workspace-directories", "--directory-ids",
                        directory.directoryId()))));
    }
}
