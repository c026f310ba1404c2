package guardrails.defenderdefinitions;

import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * Whether the account's update document is the one this stack deployed (DescribeDocument and GetDocument of its
     * pinned version): empty if it is, else what is wrong. {@link #updateDefinitions} sends only a document found so.
     */
    Optional<String> updateDocumentProblem();

    /** DeregisterManagedInstance; idempotent: a node already gone is success. Returns what was done. */
    String deregister(String nodeId);

    /**
     * SendCommand with the template's update document on one node; returns the command id. Throws
     * {@link NodeNotEnrolled} when IAM refuses it for that node (it lets G4 reach only nodes tagged for it), and
     * {@link DocumentNotDeployed} when the account's document is not the one deployed (nothing is sent).
     */
    String updateDefinitions(String nodeId, Map<String, List<String>> parameters);

    /** SendCommand refused with AccessDeniedException: the node does not carry the guardrail's tag. */
    final class NodeNotEnrolled extends RuntimeException {
        public NodeNotEnrolled(String nodeId) {
            super(nodeId + " is not enrolled for G4", null, false, false);
        }
    }

    /** The update document's pinned version is missing or is not what this stack deployed: G4 sends nothing. */
    final class DocumentNotDeployed extends RuntimeException {
        public DocumentNotDeployed(String document, String what) {
            super("G4's update document " + document + " " + what, null, false, false);
        }
    }
}
