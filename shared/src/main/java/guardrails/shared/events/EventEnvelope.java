package guardrails.shared.events;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import guardrails.shared.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

/**
 * The EventBridge envelope every trigger arrives in (CloudTrail API calls and schedules alike).
 * Shape: https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html
 */
public record EventEnvelope(String id, String detailType, String source, String account, String region,
                            String time, List<String> resources, JsonNode detail) {

    /** An EventBridge schedule firing ("Scheduled Event" from aws.events): a sweep, not a reaction to a call. */
    public boolean isSchedule() {
        return "aws.events".equals(source) && "Scheduled Event".equals(detailType);
    }

    /**
     * A schedule as aws-lambda-java-events types it ({@link ScheduledEvent}, the EventBridge envelope): what the sweeps
     * take. Only schedules: a CloudTrail call stays JSON ({@link CloudTrailCall} says why).
     */
    public ScheduledEvent schedule() {
        if (!isSchedule()) {
            throw new UnusableEvent(UnusableEvent.Reason.WRONG_SOURCE, "not a schedule: "
                    + UnusableEvent.quote(source) + " / " + UnusableEvent.quote(detailType));
        }
        DateTime at;
        try {
            at = time == null ? null : new DateTime(Instant.parse(time).toEpochMilli(), DateTimeZone.UTC);
        } catch (DateTimeParseException e) {
            throw new UnusableEvent(UnusableEvent.Reason.WRONG_TYPE, "field is not an ISO-8601 time: time");
        }
        return new ScheduledEvent().withId(id).withDetailType(detailType).withSource(source).withAccount(account)
                .withRegion(region).withTime(at).withResources(resources).withDetail(Json.toMap(detail));
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
                text(root, "account"), text(root, "region"), optionalText(root, "time"), resources(root), detail);
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

    /** The ARNs EventBridge lists (a schedule's rule); anything but strings is left out. */
    private static List<String> resources(JsonNode root) {
        List<String> arns = new ArrayList<>();
        root.path("resources").forEach(arn -> {
            if (arn.isTextual()) {
                arns.add(arn.asText());
            }
        });
        return List.copyOf(arns);
    }

    static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
