package guardrails.defenderdefinitions;

import java.util.Set;

/** The WorkSpace behind a managed node, matched by computer name or IP address, so alerts name the WorkSpace. */
public record WorkspaceNode(String workspaceId, String userName, String state, String computerName, String ipAddress) {

    /** States in which a WorkSpace runs no agent: its report stops, and that is expected (AUTO_STOP). */
    private static final Set<String> OFF = Set.of("STOPPED", "STOPPING", "HIBERNATED", "SUSPENDED", "ERROR", "UNHEALTHY",
            "TERMINATING", "TERMINATED");

    public boolean off() {
        return OFF.contains(state);
    }

    public boolean terminated() {
        return "TERMINATING".equals(state) || "TERMINATED".equals(state);
    }
}
