package guardrails.shared.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Set;

/**
 * A CloudTrail record of an API call, as EventBridge delivers it ("AWS API Call via CloudTrail").
 * Record fields: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 * Request and response bodies stay JSON: each guardrail reads only the fields it needs, tolerating the rest.
 * <p>
 * Not a typed event: aws-lambda-java-events has no CloudTrail record, and its EventBridge envelope
 * ({@code ScheduledEvent}, used for the schedules) holds {@code detail} as a {@code Map<String, Object>}, which
 * turns every field the guardrails check into an unchecked cast and loses what a bad event must be refused for (a
 * number where a string belongs, a missing object); the record is read from the event's JSON, field by field.
 */
public record CloudTrailCall(String eventId, String eventSource, String eventName, String account, String region,
                             String callerArn, java.time.Instant eventTime, JsonNode requestParameters,
                             JsonNode responseElements) {

    public static final String DETAIL_TYPE = "AWS API Call via CloudTrail";

    /**
     * Reads the call out of an envelope, insisting on the source and one of the expected event names.
     * A call that failed (it carries {@code errorCode}) changed nothing, so it is unusable here.
     */
    public static CloudTrailCall from(EventEnvelope envelope, String expectedSource, Set<String> expectedNames) {
        if (!expectedSource.equals(envelope.source()) || !DETAIL_TYPE.equals(envelope.detailType())) {
            throw new UnusableEvent(UnusableEvent.Reason.WRONG_SOURCE,
                    "expected " + expectedSource + " / " + DETAIL_TYPE + ", got "
                            + UnusableEvent.quote(envelope.source()) + " / " + UnusableEvent.quote(envelope.detailType()));
        }
        JsonNode detail = envelope.detail();
        String eventName = EventEnvelope.text(detail, "eventName");
        if (!expectedNames.contains(eventName)) {
            throw new UnusableEvent(UnusableEvent.Reason.WRONG_SOURCE, "unexpected eventName: " + UnusableEvent.quote(eventName));
        }
        String errorCode = EventEnvelope.optionalText(detail, "errorCode");
        if (errorCode != null) {
            throw new UnusableEvent(UnusableEvent.Reason.FAILED_CALL,
                    eventName + " failed with " + UnusableEvent.quote(errorCode) + ": nothing was changed");
        }
        JsonNode identity = detail.path("userIdentity");
        return new CloudTrailCall(
                // CloudTrail's own eventId is stable across EventBridge redeliveries; prefer it.
                detail.hasNonNull("eventID") ? EventEnvelope.text(detail, "eventID") : envelope.id(),
                EventEnvelope.text(detail, "eventSource"),
                eventName,
                envelope.account(),
                envelope.region(),
                identity.path("arn").asText(null),
                time(EventEnvelope.optionalText(detail, "eventTime")),
                object(detail, "requestParameters"),
                object(detail, "responseElements"));
    }

    /** When the call was made; null when the record does not say (or says it in a form that cannot be read). */
    private static java.time.Instant time(String value) {
        try {
            return value == null ? null : java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException unreadable) {
            return null;
        }
    }

    private static JsonNode object(JsonNode detail, String field) {
        JsonNode value = detail.get(field);
        if (value == null || value.isNull()) {
            return MissingNode.getInstance();
        }
        if (!value.isObject()) {
            throw new UnusableEvent(UnusableEvent.Reason.WRONG_TYPE, field + " is not an object");
        }
        return value;
    }
}
