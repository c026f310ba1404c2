package guardrails.shared.lambda;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import guardrails.shared.Json;
import java.io.IOException;
import java.io.InputStream;

/**
 * The EventBridge envelope every trigger arrives in (CloudTrail API calls and schedules alike).
 * Shape: https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html
 */
public record EventEnvelope(String id, String detailType, String source, String account, String region,
                            String time, JsonNode detail) {

    /** An EventBridge schedule firing ("Scheduled Event" from aws.events): a sweep, not a reaction to a call. */
    public boolean isSchedule() {
        return "aws.events".equals(source) && "Scheduled Event".equals(detailType);
    }

    public static EventEnvelope parse(InputStream input) {
        JsonNode root;
        try {
            root = Json.parse(input.readAllBytes());
        } catch (JacksonException e) {
            // The parser's message quotes the input, which may hold a secret: say only that it is not JSON.
            throw new UnusableEvent(UnusableEvent.Reason.MALFORMED_JSON, "event is not valid JSON");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return from(root);
    }

    public static EventEnvelope from(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new UnusableEvent(UnusableEvent.Reason.WRONG_TYPE, "event is not a JSON object");
        }
        JsonNode detail = root.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new UnusableEvent(UnusableEvent.Reason.MISSING_FIELD, "event has no detail object");
        }
        return new EventEnvelope(
                text(root, "id"), text(root, "detail-type"), text(root, "source"),
                text(root, "account"), text(root, "region"), optionalText(root, "time"), detail);
    }

    /** A required string field; anything else is an unusable event naming the field. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new UnusableEvent(UnusableEvent.Reason.MISSING_FIELD, "missing field: " + field);
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new UnusableEvent(UnusableEvent.Reason.WRONG_TYPE, "field is not a non-empty string: " + field);
        }
        return value.asText();
    }

    static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
