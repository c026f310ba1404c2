package guardrails.workspacecreation;

/** A WorkSpace as DescribeWorkspaces shows it (CloudTrail's copy may be redacted). */
public record Workspace(String workspaceId, String directoryId, String userName, String bundleId, String state,
                        Platform platformFromProperties) {
}
