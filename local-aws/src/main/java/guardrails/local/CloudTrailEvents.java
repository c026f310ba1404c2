package guardrails.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import software.amazon.awssdk.services.workspaces.model.CreateWorkspacesResponse;

/**
 * Turns a real call made against the emulator into the CloudTrail event EventBridge would deliver for it, using
 * a file of {@code events/} as the shape and filling in the ids the emulator chose.
 */
public final class CloudTrailEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudTrailEvents() {
    }

    public static Path eventsDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("events"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no events/ folder above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("events");
    }

    public static ObjectNode load(String fileName) {
        try {
            return (ObjectNode) JSON.readTree(eventsDir().resolve(fileName).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events/ sample with this call's request and response in place of its own, and fresh event ids. */
    public static String createWorkspaces(String sampleFile, String directoryId, String userName, String bundleId,
                                          CreateWorkspacesResponse response) {
        ObjectNode event = fresh(sampleFile);
        ObjectNode detail = (ObjectNode) event.get("detail");
        ArrayNode requested = detail.putObject("requestParameters").putArray("workspaces");
        requested.addObject().put("directoryId", directoryId).put("userName", userName).put("bundleId", bundleId);
        ObjectNode elements = detail.putObject("responseElements");
        ArrayNode pending = elements.putArray("pendingRequests");
        response.pendingRequests().forEach(ws -> pending.addObject().put("workspaceId", ws.workspaceId())
                .put("directoryId", ws.directoryId()).put("userName", ws.userName()).put("bundleId", ws.bundleId())
                .put("state", ws.stateAsString()));
        ArrayNode failed = elements.putArray("failedRequests");
        response.failedRequests().forEach(f -> {
            ObjectNode entry = failed.addObject();
            entry.putObject("workspaceRequest").put("directoryId", f.workspaceRequest().directoryId())
                    .put("userName", f.workspaceRequest().userName()).put("bundleId", f.workspaceRequest().bundleId());
            entry.put("errorCode", f.errorCode()).put("errorMessage", f.errorMessage());
        });
        return event.toString();
    }

    /** A target group call of {@code events/} (G6), naming the emulator's target group instead of the sample's. */
    public static String targetGroupCall(String sampleFile, String targetGroupArn) {
        ObjectNode event = fresh(sampleFile);
        ObjectNode detail = (ObjectNode) event.get("detail");
        if (detail.path("requestParameters").has("targetGroupArn")) {
            ((ObjectNode) detail.get("requestParameters")).put("targetGroupArn", targetGroupArn);
        }
        if (detail.path("responseElements").path("targetGroups").path(0).isObject()) {
            ((ObjectNode) detail.get("responseElements").get("targetGroups").get(0))
                    .put("targetGroupArn", targetGroupArn);
        }
        return event.toString();
    }

    /** A security group call of {@code events/} (G5), naming the emulator's group and rule instead of the sample's. */
    public static String securityGroupCall(String sampleFile, String groupId, String ruleId) {
        ObjectNode event = fresh(sampleFile);
        ObjectNode detail = (ObjectNode) event.get("detail");
        JsonNode request = detail.path("requestParameters");
        if (request.has("groupId")) {
            ((ObjectNode) request).put("groupId", groupId);
        }
        JsonNode modify = request.path("ModifySecurityGroupRulesRequest");
        if (modify.isObject()) {
            ((ObjectNode) modify).put("GroupId", groupId);
            ((ObjectNode) modify.path("SecurityGroupRule")).put("SecurityGroupRuleId", ruleId);
        }
        for (JsonNode rule : detail.path("responseElements").path("securityGroupRuleSet").path("items")) {
            ((ObjectNode) rule).put("groupId", groupId).put("securityGroupRuleId", ruleId);
        }
        return event.toString();
    }

    /** A trust call's sample (CreateTrust, UpdateTrust, DeleteTrust) naming this directory and trust. */
    public static String trustCall(String sampleFile, String directoryId, String trustId) {
        ObjectNode event = fresh(sampleFile);
        ObjectNode detail = (ObjectNode) event.get("detail");
        ObjectNode request = (ObjectNode) detail.get("requestParameters");
        if (request.has("directoryId")) {
            request.put("directoryId", directoryId);
        }
        if (request.has("trustId")) {
            request.put("trustId", trustId);
        }
        if (detail.path("responseElements").isObject()) {
            ((ObjectNode) detail.get("responseElements")).put("trustId", trustId);
        }
        return event.toString();
    }

    /** A schedule firing (a sweep), as a new event. */
    public static String schedule() {
        return fresh("aws.events-ScheduledEvent.json").toString();
    }

    /** A sample with new event ids, made now, in this account and region: a call as it happens. */
    public static ObjectNode fresh(String sampleFile) {
        ObjectNode event = load(sampleFile);
        String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        event.put("id", UUID.randomUUID().toString());
        event.put("time", now);
        event.put("account", LocalAws.ACCOUNT);
        event.put("region", LocalAws.REGION);
        if (event.path("detail").has("eventID")) {
            ObjectNode detail = (ObjectNode) event.get("detail");
            detail.put("eventID", UUID.randomUUID().toString());
            detail.put("eventTime", now);
            detail.put("awsRegion", LocalAws.REGION);
            detail.put("recipientAccountId", LocalAws.ACCOUNT);
        }
        return event;
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same event with new ids, so once-only lets every run do the full work. */
    public static String renew(String event) {
        ObjectNode node = (ObjectNode) parse(event);
        node.put("id", UUID.randomUUID().toString());
        if (node.path("detail").has("eventID")) {
            ((ObjectNode) node.get("detail")).put("eventID", UUID.randomUUID().toString());
        }
        return node.toString();
    }
}
