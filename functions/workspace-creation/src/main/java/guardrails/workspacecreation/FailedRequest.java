package guardrails.workspacecreation;

/** An entry of CreateWorkspaces' failedRequests: a WorkSpace that was never created, and why. */
public record FailedRequest(String directoryId, String userName, String bundleId, String errorCode,
                            String errorMessage) {
}
