package guardrails.defender;

import java.util.List;
import java.util.Map;

/** Every AWS call G4 makes, paged, mapped to domain records. */
public interface DefenderGateway {

    /** ssm:GetInventory for Custom:DefenderStatus, paged (50 nodes a page). */
    List<DefenderStatus> defenderStatuses();

    /** DescribeWorkspaces, paged: to name the WorkSpace behind each node. */
    List<WorkspaceNode> workspaces();

    /**
     * DescribeWorkspaces of these WorkSpaces (25 ids a call, the API's limit): those that still exist, in whatever
     * state; a WorkSpace terminated long enough ago is not listed at all.
     */
    List<WorkspaceNode> describeWorkspaces(List<String> workspaceIds);

    /** DeregisterManagedInstance; idempotent: a node already gone is success. Returns what was done. */
    String deregister(String nodeId);

    /**
     * SendCommand with the template's update document on one node; returns the command id. Throws
     * {@link NodeNotEnrolled} when IAM refuses it for that node (it lets G4 reach only nodes tagged for it).
     */
    String updateDefinitions(String nodeId, Map<String, List<String>> parameters);

    /** SendCommand refused with AccessDeniedException: the node does not carry the guardrail's tag. */
    final class NodeNotEnrolled extends RuntimeException {
        public NodeNotEnrolled(String nodeId) {
            super(nodeId + " is not enrolled for G4", null, false, false);
        }
    }
}
