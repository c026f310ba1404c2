package guardrails.defender;

import guardrails.shared.config.Guardrails;
import guardrails.shared.lambda.Priming;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;
import software.amazon.awssdk.services.ssm.model.InventoryResultEntity;
import software.amazon.awssdk.services.ssm.model.InventoryResultItem;
import software.amazon.awssdk.services.ssm.model.ResultAttribute;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/** G4's AWS calls: one paged inventory query, one paged WorkSpaces listing, and a command per node to update. */
public final class AwsDefenderGateway implements DefenderGateway {

    /** The IAM actions this gateway calls; a test holds them against the function's policy in template.yaml. */
    public static final List<String> IAM_ACTIONS =
            List.of("ssm:GetInventory", "ssm:SendCommand", "ssm:DeregisterManagedInstance",
                    "workspaces:DescribeWorkspaces");

    public static final String INVENTORY_TYPE = "Custom:DefenderStatus";

    private final SsmClient ssm;
    private final WorkSpacesClient workspaces;
    private final String updateDocument;

    public AwsDefenderGateway(SsmClient ssm, WorkSpacesClient workspaces, String updateDocument) {
        this.ssm = ssm;
        this.workspaces = workspaces;
        this.updateDocument = updateDocument;
    }

    /**
     * SnapStart priming: every call this gateway makes, on clients that send nothing ({@link Priming#offline}), so a
     * restored function's first event finds their marshalling loaded and compiled.
     */
    public static Runnable[] primingCalls(String region) {
        var gateway = new AwsDefenderGateway(Priming.offline(SsmClient.builder(), region),
                Priming.offline(WorkSpacesClient.builder(), region), DefenderPolicy.DEFAULT_UPDATE_DOCUMENT);
        return new Runnable[] {
            gateway::defenderStatuses,
            gateway::workspaces,
            () -> gateway.deregister("mi-00000000000000000"),
            () -> gateway.updateDefinitions("mi-00000000000000000", Map.of("Source", List.of("Default"))),
        };
    }

    @Override
    public List<DefenderStatus> defenderStatuses() {
        List<DefenderStatus> statuses = new ArrayList<>();
        ssm.getInventoryPaginator(r -> r.resultAttributes(ResultAttribute.builder().typeName(INVENTORY_TYPE).build())
                        .maxResults(50))
                .entities().forEach(entity -> status(entity).ifPresent(statuses::add));
        return statuses;
    }

    /** A node without the custom type (or with an item this code cannot read) has no status yet. */
    private static java.util.Optional<DefenderStatus> status(InventoryResultEntity entity) {
        InventoryResultItem item = entity.data().get(INVENTORY_TYPE);
        if (item == null || item.content().isEmpty()) {
            return java.util.Optional.empty();
        }
        Map<String, String> c = item.content().get(0);
        try {
            Instant collected = Instant.parse(c.getOrDefault("CollectedAt", item.captureTime()));
            return java.util.Optional.of(new DefenderStatus(entity.id(), c.get("ComputerName"), c.get("IpAddress"),
                    Integer.parseInt(c.getOrDefault("AntivirusSignatureAge", "0").trim()),
                    c.get("AntivirusSignatureLastUpdated"), c.get("AntivirusSignatureVersion"),
                    !"False".equalsIgnoreCase(c.get("AntivirusEnabled")),
                    !"False".equalsIgnoreCase(c.get("RealTimeProtectionEnabled")),
                    !"False".equalsIgnoreCase(c.get("AMServiceEnabled")), collected));
        } catch (NumberFormatException | DateTimeParseException | NullPointerException unreadable) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public List<WorkspaceNode> workspaces() {
        return workspaces.describeWorkspacesPaginator(r -> { }).workspaces().stream()
                .map(ws -> new WorkspaceNode(ws.workspaceId(), ws.userName(), ws.stateAsString(), ws.computerName(),
                        ws.ipAddress()))
                .toList();
    }

    @Override
    public List<WorkspaceNode> describeWorkspaces(List<String> workspaceIds) {
        List<WorkspaceNode> found = new java.util.ArrayList<>();
        for (int from = 0; from < workspaceIds.size(); from += 25) { // WorkspaceIds: 1 to 25 (workspaces/2015-04-08)
            List<String> page = workspaceIds.subList(from, Math.min(workspaceIds.size(), from + 25));
            workspaces.describeWorkspaces(r -> r.workspaceIds(page)).workspaces().forEach(ws -> found.add(
                    new WorkspaceNode(ws.workspaceId(), ws.userName(), ws.stateAsString(), ws.computerName(),
                            ws.ipAddress())));
        }
        return found;
    }

    @Override
    public String deregister(String nodeId) {
        try {
            ssm.deregisterManagedInstance(r -> r.instanceId(nodeId));
            return "Deregistered the managed node " + nodeId + ".";
        } catch (InvalidInstanceIdException gone) {
            return "The managed node " + nodeId + " was already deregistered.";
        }
    }

    @Override
    public String updateDefinitions(String nodeId, Map<String, List<String>> parameters) {
        software.amazon.awssdk.services.ssm.model.Command sent;
        try {
            sent = ssm.sendCommand(r -> r.documentName(updateDocument).instanceIds(nodeId).parameters(parameters)
                    .timeoutSeconds(600).comment("WorkSpaces Guardrails: update Defender definitions")).command();
        } catch (software.amazon.awssdk.services.ssm.model.SsmException e) {
            // The template's IAM condition (ssm:resourceTag/guardrails:defender) refuses an untagged node this way.
            if (e.awsErrorDetails() != null && "AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
                throw new NodeNotEnrolled(nodeId);
            }
            throw e;
        }
        // The model does not require Command in the answer (ssm/2014-11-06 SendCommandResult).
        return sent == null || sent.commandId() == null ? "id not returned" : sent.commandId();
    }
}
