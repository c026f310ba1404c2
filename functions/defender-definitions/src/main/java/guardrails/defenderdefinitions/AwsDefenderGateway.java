package guardrails.defenderdefinitions;

import guardrails.shared.config.Guardrails;
import guardrails.shared.priming.Priming;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DocumentDescription;
import software.amazon.awssdk.services.ssm.model.DocumentHashType;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentException;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentVersionException;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;
import software.amazon.awssdk.services.ssm.model.InventoryResultEntity;
import software.amazon.awssdk.services.ssm.model.InventoryResultItem;
import software.amazon.awssdk.services.ssm.model.ResultAttribute;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/**
 * G4's AWS calls: one paged inventory query, one paged WorkSpaces listing, and a command per node to update, of the
 * update document's pinned version once this container has checked it is the deployed one ({@link UpdateDocument}).
 */
public final class AwsDefenderGateway implements DefenderGateway {

    /** The IAM actions this gateway calls; a test holds them against the function's policy in template.yaml. */
    public static final List<String> IAM_ACTIONS =
            List.of("ssm:GetInventory", "ssm:SendCommand", "ssm:DescribeDocument", "ssm:GetDocument",
                    "ssm:DeregisterManagedInstance", "workspaces:DescribeWorkspaces");

    public static final String INVENTORY_TYPE = "Custom:DefenderStatus";

    private final SsmClient ssm;
    private final WorkSpacesClient workspaces;
    private final String updateDocument;
    /** The hash of the update document's pinned version, once this container has found it is the deployed one. */
    private volatile String trustedHash;

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
            gateway::updateDocumentProblem, // the offline answers hold no document: a problem, said, not thrown
            () -> gateway.send("mi-00000000000000000", Map.of("Source", List.of("Default")), "0".repeat(64)),
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
    private static Optional<DefenderStatus> status(InventoryResultEntity entity) {
        InventoryResultItem item = entity.data().get(INVENTORY_TYPE);
        if (item == null || item.content().isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> c = item.content().get(0);
        try {
            Instant collected = Instant.parse(c.getOrDefault("CollectedAt", item.captureTime()));
            return Optional.of(new DefenderStatus(entity.id(), c.get("ComputerName"), c.get("IpAddress"),
                    Integer.parseInt(c.getOrDefault("AntivirusSignatureAge", "0").trim()),
                    c.get("AntivirusSignatureLastUpdated"), c.get("AntivirusSignatureVersion"),
                    !"False".equalsIgnoreCase(c.get("AntivirusEnabled")),
                    !"False".equalsIgnoreCase(c.get("RealTimeProtectionEnabled")),
                    !"False".equalsIgnoreCase(c.get("AMServiceEnabled")), collected));
        } catch (NumberFormatException | DateTimeParseException | NullPointerException unreadable) {
            return Optional.empty();
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
    public Optional<String> updateDocumentProblem() {
        if (trustedHash != null) {
            return Optional.empty();
        }
        try {
            trustedHash = verifiedHash();
            return Optional.empty();
        } catch (DocumentNotDeployed notDeployed) {
            return Optional.of(notDeployed.getMessage());
        }
    }

    @Override
    public String updateDefinitions(String nodeId, Map<String, List<String>> parameters) {
        String hash = trustedHash;
        if (hash == null) {
            hash = verifiedHash();
            trustedHash = hash;
        }
        try {
            return send(nodeId, parameters, hash);
        } catch (InvalidDocumentException | InvalidDocumentVersionException changed) {
            // Checked, then deleted or replaced (a hash that no longer matches): checked afresh on the next call.
            trustedHash = null;
            throw new DocumentNotDeployed(updateDocument, "was replaced after this run checked it ("
                    + changed.awsErrorDetails().errorCode() + ")");
        }
    }

    private String send(String nodeId, Map<String, List<String>> parameters, String hash) {
        software.amazon.awssdk.services.ssm.model.Command sent;
        try {
            sent = ssm.sendCommand(r -> r.documentName(updateDocument)
                    .documentVersion(UpdateDocument.PINNED_VERSION).documentHash(hash)
                    .documentHashType(DocumentHashType.SHA256).instanceIds(nodeId).parameters(parameters)
                    .timeoutSeconds(600).comment("WorkSpaces Guardrails: update Defender definitions")).command();
        } catch (SsmException e) {
            // The template's IAM condition (ssm:resourceTag/guardrails:defender) refuses an untagged node this way.
            if (e.awsErrorDetails() != null && "AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
                throw new NodeNotEnrolled(nodeId);
            }
            throw e;
        }
        // The model does not require Command in the answer (ssm/2014-11-06 SendCommandResult).
        return sent == null || sent.commandId() == null ? "id not returned" : sent.commandId();
    }

    /**
     * The pinned version's hash, if its content is the deployed one. The hash is read before and after the content:
     * equal, they are the hash of the content read, however the document is replaced meanwhile; SendCommand then
     * runs only that content (a different hash is refused by Systems Manager).
     */
    private String verifiedHash() {
        try {
            DocumentDescription before = describe();
            String content = ssm.getDocument(r -> r.name(updateDocument)
                    .documentVersion(UpdateDocument.PINNED_VERSION)).content();
            DocumentDescription after = describe();
            if (!UpdateDocument.isDeployed(content)) {
                throw new DocumentNotDeployed(updateDocument, "version " + UpdateDocument.PINNED_VERSION
                        + " is not the content this stack deployed");
            }
            if (before.hashType() != DocumentHashType.SHA256 || before.hash() == null
                    || !before.hash().equals(after.hash())) {
                throw new DocumentNotDeployed(updateDocument, "was replaced while this run read it");
            }
            return before.hash();
        } catch (InvalidDocumentException | InvalidDocumentVersionException gone) {
            throw new DocumentNotDeployed(updateDocument, "version " + UpdateDocument.PINNED_VERSION
                    + " does not exist (" + gone.awsErrorDetails().errorCode() + ")");
        }
    }

    private DocumentDescription describe() {
        return ssm.describeDocument(r -> r.name(updateDocument).documentVersion(UpdateDocument.PINNED_VERSION))
                .document();
    }
}
