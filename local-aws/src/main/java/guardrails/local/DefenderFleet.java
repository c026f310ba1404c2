package guardrails.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Windows managed nodes reporting Custom:DefenderStatus, served at the wire as ssm:GetInventory answers (moto
 * 5.2.1 lacks the call): paged like the real API (MaxResults, NextToken), one entity per node, its content as
 * ssm/defender-status.ps1 writes it. Also gives the emulator's WorkSpaces the computer names real ones have, so
 * nodes can be matched to WorkSpaces, and lets a test stop a WorkSpace (AUTO_STOP).
 *
 * <p>The fleet is in a closed network: only a file share and an internal update server are reachable. A Run Command
 * of G4's update document runs on its nodes as Windows would: the definitions update at once when the chosen source is
 * reachable, and the node keeps the {@code SignatureFallbackOrder} the script sets, which its own scheduled updates
 * follow ({@link #daysPass}); Defender's default order (MicrosoftUpdateServer|MMPC) reaches nothing here.
 */
public final class DefenderFleet {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The age Defender reports for definitions that were never updated (and no last-updated date). */
    public static final int NEVER_UPDATED = 65535;

    /** A node as its last report describes it. */
    public record Node(String nodeId, String computerName, String ipAddress, int signatureAgeDays,
                       boolean realTimeProtection, Instant collectedAt) {
    }

    /** Where Defender's scheduled updates look, by default (Microsoft Defender documentation, "fallback order"). */
    public static final String DEFAULT_FALLBACK_ORDER = "MicrosoftUpdateServer|MMPC";
    /** The update sources a closed network reaches. */
    static final Set<String> REACHABLE = Set.of("FileShares", "InternalDefinitionUpdateServer");

    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final Map<String, String> fallbackOrder = new ConcurrentHashMap<>();
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    private final Set<String> deregistered = ConcurrentHashMap.newKeySet();

    private final LocalAws aws;
    private final Set<String> ran = ConcurrentHashMap.newKeySet();
    private final Set<String> untagged = ConcurrentHashMap.newKeySet();

    private final List<String> sentVersions = new CopyOnWriteArrayList<>();
    /** Straight to moto: a stand-in's answer must not call the stand-in. */
    private final software.amazon.awssdk.services.ssm.SsmClient ssm;

    private DefenderFleet(LocalAws aws) {
        this.aws = aws;
        this.ssm = aws.motoClient(software.amazon.awssdk.services.ssm.SsmClient.builder());
    }

    public static DefenderFleet serve(LocalAws aws) {
        DefenderFleet fleet = new DefenderFleet(aws);
        aws.standIn().serve("AmazonSSM.GetInventory", call -> StandIn.Reply.json(fleet.inventoryPage(call.body())));
        aws.standIn().serve("AmazonSSM.SendCommand", fleet::sendCommand);
        // moto 5.2.1 lacks DeregisterManagedInstance: {} on success, InvalidInstanceId (400) for a node not registered.
        aws.standIn().serve("AmazonSSM.DeregisterManagedInstance", call -> {
            String id = read(call.body()).path("InstanceId").asText();
            if (!fleet.nodes.removeIf(node -> node.nodeId().equals(id))) {
                return StandIn.Reply.error(400, "InvalidInstanceId", "Instance Id " + id + " is not registered", null);
            }
            fleet.deregistered.add(id);
            return StandIn.Reply.json("{}");
        });
        aws.standIn().serve("WorkspacesService.DescribeWorkspaces", call -> {
            StandIn.Reply reply = call.forward().send();
            if (reply.status() != 200) {
                return reply;
            }
            ObjectNode body = (ObjectNode) read(reply.body());
            body.withArray("Workspaces").forEach(ws -> {
                ObjectNode workspace = (ObjectNode) ws;
                String id = workspace.path("WorkspaceId").asText();
                if (!workspace.hasNonNull("ComputerName")) {
                    workspace.put("ComputerName", computerNameOf(id));
                }
                if (fleet.stopped.contains(id)) {
                    workspace.put("State", "STOPPED");
                }
            });
            return new StandIn.Reply(200, body.toString(), reply.headers());
        });
        return fleet;
    }

    /** The computer name WorkSpaces gives a WorkSpace (WSAMZN-…), derived from its id here. */
    public static String computerNameOf(String workspaceId) {
        return "WSAMZN-" + workspaceId.substring(3).toUpperCase(Locale.ROOT);
    }

    public void add(Node node) {
        nodes.add(node);
    }

    /** A node for a WorkSpace, reported {@code reportedHoursAgo} ago with definitions that were then this old. */
    public Node reportFor(String workspaceId, int signatureAgeDays, int reportedHoursAgo) {
        // A hybrid node id as AWS gives one: mi- and 17 hex digits (ManagedInstanceId, ssm/2014-11-06/service-2.json).
        String nodeId = String.format("mi-%017x", Integer.toUnsignedLong(workspaceId.hashCode()) << 8 | nodes.size());
        Node node = new Node(nodeId, computerNameOf(workspaceId), "10.0.0."
                + (10 + nodes.size()), signatureAgeDays, true,
                Instant.now().minus(Duration.ofHours(reportedHoursAgo)).truncatedTo(ChronoUnit.SECONDS));
        add(node);
        return node;
    }

    /** The node's inventory as last collected at {@code collectedAt}, in place of what it reported before. */
    public void lastReportedAt(String nodeId, Instant collectedAt) {
        nodes.replaceAll(node -> node.nodeId().equals(nodeId) ? new Node(nodeId, node.computerName(),
                node.ipAddress(), node.signatureAgeDays(), node.realTimeProtection(), collectedAt) : node);
    }

    /**
     * Time passes: each node runs the commands sent to it, then its scheduled definition update, which succeeds only
     * when its fallback order names a source this network reaches, and reports again.
     */
    public void daysPass(int days) {
        runSentCommands();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        nodes.replaceAll(node -> {
            boolean updates = java.util.Arrays.stream(fallbackOrderOf(node.nodeId()).split("\\|"))
                    .anyMatch(REACHABLE::contains);
            int age = updates ? 0 : Math.min(NEVER_UPDATED, node.signatureAgeDays() + days);
            return new Node(node.nodeId(), node.computerName(), node.ipAddress(), age, node.realTimeProtection(),
                    now);
        });
    }

    /** The order the node's scheduled updates follow (Defender's default until a script sets one). */
    public String fallbackOrderOf(String nodeId) {
        return fallbackOrder.getOrDefault(nodeId, DEFAULT_FALLBACK_ORDER);
    }

    /**
     * The nodes run the Run Commands of the update document sent since the last call (as moto's ListCommands has them):
     * the script's branch for the Source parameter runs; its Set-MpPreference -SignatureFallbackOrder stays with the
     * node, and Update-MpSignature from a reachable source brings the definitions up to date (reported at once).
     */
    public void runSentCommands() {
        aws.client(software.amazon.awssdk.services.ssm.SsmClient.builder()).listCommands(r -> { }).commands().stream()
                .filter(c -> LocalAws.DEFENDER_UPDATE_DOCUMENT.equals(c.documentName()) && ran.add(c.commandId()))
                .forEach(c -> run(c.parameters().getOrDefault("Source", List.of("Default")).get(0), c.instanceIds()));
    }

    private void run(String source, List<String> nodeIds) {
        // The document LocalAws.deploy created from template.yaml (read there: the stand-in does not call itself).
        JsonNode content = Template.load().resources("AWS::SSM::Document").get("DefenderUpdateDocument")
                .path("Content");
        String branch = null;
        String order = null;
        java.util.regex.Pattern branchLine = java.util.regex.Pattern.compile("\\$source -eq '([A-Za-z]+)'");
        java.util.regex.Pattern orderLine = java.util.regex.Pattern.compile("SignatureFallbackOrder '([^']+)'");
        for (JsonNode line : content.path("mainSteps").path(0).path("inputs").path("runCommand")) {
            java.util.regex.Matcher opens = branchLine.matcher(line.asText());
            if (opens.find()) {
                branch = opens.group(1);
            } else if (line.asText().trim().equals("} else {")) {
                branch = "Default";
            }
            java.util.regex.Matcher sets = orderLine.matcher(line.asText());
            if (sets.find() && source.equals(branch)) {
                order = sets.group(1);
            }
        }
        String setOrder = order;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        nodeIds.forEach(id -> {
            if (setOrder != null) {
                fallbackOrder.put(id, setOrder);
            }
            if (REACHABLE.contains(source)) {
                nodes.replaceAll(node -> node.nodeId().equals(id) ? new Node(node.nodeId(), node.computerName(),
                        node.ipAddress(), 0, node.realTimeProtection(), now) : node);
            }
        });
    }

    /**
     * The node loses the guardrails:defender tag: from now on SendCommand to it is refused as IAM refuses it under the
     * template's condition (AccessDeniedException, 400: a common error of the JSON protocol).
     */
    public void untag(String nodeId) {
        untagged.add(nodeId);
    }

    /**
     * SendCommand as AWS answers it where moto does not: refused for an untagged node (IAM), and refused when the
     * request pins a document version whose hash is not the one given. For the second, the model declares no error
     * of its own; InvalidDocument, declared for SendCommand, stands in for it (G4 treats it as "checked again").
     */
    private StandIn.Reply sendCommand(StandIn.Call call) {
        JsonNode request = read(call.body());
        for (JsonNode id : request.path("InstanceIds")) {
            if (untagged.contains(id.asText())) {
                return StandIn.Reply.error(400, "AccessDeniedException", "User is not authorized to perform:"
                        + " ssm:SendCommand on resource: " + id.asText() + " because no identity-based policy"
                        + " allows the ssm:SendCommand action", null);
            }
        }
        if (request.hasNonNull("DocumentHash")) {
            String version = request.path("DocumentVersion").asText("$DEFAULT");
            String hash;
            try {
                hash = ssm.describeDocument(r -> r.name(request.path("DocumentName").asText())
                        .documentVersion(version)).document().hash();
            } catch (software.amazon.awssdk.services.ssm.model.SsmException gone) {
                return StandIn.Reply.error(400, gone.awsErrorDetails().errorCode(), "Document not found", null);
            }
            if (!request.path("DocumentHash").asText().equals(hash)) {
                return StandIn.Reply.error(400, "InvalidDocument", "The document hash does not match", null);
            }
        }
        StandIn.Reply reply = call.forward().send();
        if (reply.status() != 200) {
            return reply;
        }
        // moto answers "" for the unset S3 output fields, which the model bounds (3 characters at least); AWS leaves
        // them out.
        ObjectNode body = (ObjectNode) read(reply.body());
        ObjectNode command = (ObjectNode) body.path("Command");
        List.of("OutputS3Region", "OutputS3BucketName", "OutputS3KeyPrefix").forEach(field -> {
            if (command.path(field).asText().isEmpty()) {
                command.remove(field);
            }
        });
        sentVersions.add(request.path("DocumentVersion").asText(""));
        return new StandIn.Reply(200, body.toString(), reply.headers());
    }

    /** The DocumentVersion of each command sent, in order ("" when the request named none). */
    public List<String> sentDocumentVersions() {
        return List.copyOf(sentVersions);
    }

    /** The nodes DeregisterManagedInstance removed. */
    public Set<String> deregistered() {
        return Set.copyOf(deregistered);
    }

    public void stopWorkspace(String workspaceId) {
        stopped.add(workspaceId);
    }

    private String inventoryPage(String requestBody) {
        JsonNode request = read(requestBody.isBlank() ? "{}" : requestBody);
        int max = request.path("MaxResults").asInt(50);
        int from = request.hasNonNull("NextToken") ? Integer.parseInt(request.path("NextToken").asText()) : 0;
        ObjectNode response = JSON.createObjectNode();
        ArrayNode entities = response.putArray("Entities");
        List<Node> page = nodes.subList(Math.min(from, nodes.size()), Math.min(from + max, nodes.size()));
        for (Node reported : page) {
            // CaptureTime is whole seconds (InventoryItemCaptureTime's pattern in ssm/2014-11-06/service-2.json).
            Node node = new Node(reported.nodeId(), reported.computerName(), reported.ipAddress(),
                    reported.signatureAgeDays(), reported.realTimeProtection(),
                    reported.collectedAt().truncatedTo(ChronoUnit.SECONDS));
            ObjectNode item = entities.addObject().put("Id", node.nodeId()).putObject("Data")
                    .putObject("Custom:DefenderStatus");
            item.put("TypeName", "Custom:DefenderStatus").put("SchemaVersion", "1.0")
                    .put("CaptureTime", node.collectedAt().toString());
            item.putArray("Content").addObject()
                    .put("AntivirusSignatureAge", Integer.toString(node.signatureAgeDays()))
                    .put("AntivirusSignatureLastUpdated", node.signatureAgeDays() == NEVER_UPDATED ? ""
                            : node.collectedAt().minus(Duration.ofDays(node.signatureAgeDays())).toString())
                    .put("AntivirusSignatureVersion", "1.297." + (400 - Math.min(400, node.signatureAgeDays())) + ".0")
                    .put("AntivirusEnabled", "True")
                    .put("RealTimeProtectionEnabled", node.realTimeProtection() ? "True" : "False")
                    .put("AMServiceEnabled", "True")
                    .put("ComputerName", node.computerName())
                    .put("IpAddress", node.ipAddress())
                    .put("CollectedAt", node.collectedAt().toString());
        }
        if (from + max < nodes.size()) {
            response.put("NextToken", Integer.toString(from + max));
        }
        return response.toString();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }
}
