package guardrails.workspacecreation;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.shared.events.CloudTrailCall;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.events.UnusableEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A successful CreateWorkspaces call: the WorkSpaces it started and the requests it refused.
 * CloudTrail writes the API's members in lower camel case (pendingRequests[].workspaceId, failedRequests[]
 * .workspaceRequest.userName, errorCode); both cases are accepted, since redacted or older records vary.
 */
public record WorkspaceCreationEvent(CloudTrailCall call, List<Workspace> pending, List<FailedRequest> failed) {

    /** What CloudTrail writes in place of a field it withholds. */
    static final String REDACTED = "HIDDEN_DUE_TO_SECURITY_REASONS";

    public static final String SOURCE = "aws.workspaces";
    public static final Set<String> EVENT_NAMES = Set.of("CreateWorkspaces");

    public static WorkspaceCreationEvent from(EventEnvelope envelope) {
        CloudTrailCall call = CloudTrailCall.from(envelope, SOURCE, EVENT_NAMES);
        JsonNode response = call.responseElements();
        if (response.isMissingNode()) {
            throw new UnusableEvent(UnusableEvent.Reason.MISSING_FIELD,
                    "CreateWorkspaces record has no responseElements: no WorkSpace ids to check");
        }
        List<Workspace> pending = new ArrayList<>();
        for (JsonNode entry : array(response, "pendingRequests")) {
            String id = text(entry, "workspaceId");
            if (id == null) {
                throw new UnusableEvent(UnusableEvent.Reason.MISSING_FIELD, "pendingRequests entry has no workspaceId");
            }
            pending.add(new Workspace(id, text(entry, "directoryId"), text(entry, "userName"), text(entry, "bundleId"),
                    text(entry, "state"), Platform.UNKNOWN));
        }
        List<FailedRequest> failed = new ArrayList<>();
        for (JsonNode entry : array(response, "failedRequests")) {
            JsonNode request = member(entry, "workspaceRequest");
            failed.add(new FailedRequest(text(request, "directoryId"), text(request, "userName"),
                    text(request, "bundleId"), text(entry, "errorCode"), text(entry, "errorMessage")));
        }
        return new WorkspaceCreationEvent(call, List.copyOf(pending), List.copyOf(failed));
    }

    public List<String> workspaceIds() {
        return pending.stream().map(Workspace::workspaceId).toList();
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode value = member(node, field);
        if (value.isMissingNode() || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new UnusableEvent(UnusableEvent.Reason.WRONG_TYPE, field + " is not an array");
        }
        return value;
    }

    private static JsonNode member(JsonNode node, String lowerCamel) {
        JsonNode value = node.path(lowerCamel);
        return value.isMissingNode() ? node.path(Character.toUpperCase(lowerCamel.charAt(0)) + lowerCamel.substring(1))
                : value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = member(node, field);
        return value.isTextual() && !value.asText().isBlank() && !REDACTED.equals(value.asText()) ? value.asText() : null;
    }
}
