package guardrails.directorytrust;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.shared.events.CloudTrailCall;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.events.UnusableEvent;
import java.util.Set;

/**
 * A successful CreateTrust, UpdateTrust or DeleteTrust call: which trust it touched. Only the ids are read:
 * CreateTrust's request also carries trustPassword (CloudTrail normally hides it, but not every copy of an event
 * does), and nothing here ever reads that field.
 */
public record TrustEvent(CloudTrailCall call, String directoryId, String trustId) {

    public static final String SOURCE = "aws.ds";
    public static final Set<String> EVENT_NAMES = Set.of("CreateTrust", "UpdateTrust", "DeleteTrust");

    public static TrustEvent from(EventEnvelope envelope) {
        CloudTrailCall call = CloudTrailCall.from(envelope, SOURCE, EVENT_NAMES);
        String trustId = id(call.responseElements(), "trustId");
        if (trustId == null) {
            trustId = id(call.requestParameters(), "trustId");
        }
        if (trustId == null) {
            throw new UnusableEvent(UnusableEvent.Reason.MISSING_FIELD, call.eventName() + " record names no trustId");
        }
        return new TrustEvent(call, id(call.requestParameters(), "directoryId"), trustId);
    }

    public boolean deleted() {
        return "DeleteTrust".equals(call.eventName());
    }

    private static String id(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
