package guardrails.defenderdefinitions;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.shared.events.CloudTrailCall;
import guardrails.shared.events.EventEnvelope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A TerminateWorkspaces call (anyone's, G1's own included): the WorkSpaces it terminated, i.e. those requested less
 * those refused. Shapes: TerminateWorkspacesRequest/Result in workspaces/2015-04-08/service-2.json, written by
 * CloudTrail in lower camel case (requestParameters.terminateWorkspaceRequests[].workspaceId).
 */
public record TerminatedWorkspaces(CloudTrailCall call, List<String> workspaceIds) {

    public static final String SOURCE = "aws.workspaces";
    public static final Set<String> EVENT_NAMES = Set.of("TerminateWorkspaces");

    public static TerminatedWorkspaces from(EventEnvelope envelope) {
        CloudTrailCall call = CloudTrailCall.from(envelope, SOURCE, EVENT_NAMES);
        Set<String> refused = new HashSet<>();
        call.responseElements().path("failedRequests").forEach(f -> refused.add(f.path("workspaceId").asText()));
        List<String> ids = new ArrayList<>();
        for (JsonNode request : call.requestParameters().path("terminateWorkspaceRequests")) {
            String id = request.path("workspaceId").asText("");
            if (id.matches("ws-[0-9a-z]{8,63}") && !refused.contains(id)) {
                ids.add(id);
            }
        }
        return new TerminatedWorkspaces(call, List.copyOf(ids));
    }
}
