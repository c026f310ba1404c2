package guardrails.defender;

import java.util.List;

/** Every AWS call G4 makes, paged, mapped to domain records. */
public interface DefenderGateway {

    /** ssm:GetInventory for Custom:DefenderStatus, paged (50 nodes a page). */
    List<DefenderStatus> defenderStatuses();

    /** DescribeWorkspaces, paged: to name the WorkSpace behind each node. */
    List<WorkspaceNode> workspaces();

    /** DeregisterManagedInstance; idempotent: a node already gone is success. Returns what was done. */
    String deregister(String nodeId);

    /** SendCommand AWS-RunPowerShellScript on one node; returns the command id. */
    String runPowerShell(String nodeId, List<String> commands);
}
