package guardrails.shared.events;

import guardrails.shared.config.GuardrailsConfig;
import guardrails.shared.config.Mode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;


/** Unusable input gets one clear reason, and never an echo of itself. */
class EventEnvelopeTest {

    static EventEnvelope parse(String json) {
        return EventEnvelope.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    static UnusableEvent.Reason reason(String json) {
        return assertThrows(UnusableEvent.class, () -> CloudTrailCall.from(parse(json), "aws.workspaces",
                Set.of("CreateWorkspaces"))).reason();
    }

    static final String CALL = "{\"id\":\"1\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.workspaces\","
            + "\"account\":\"1\",\"region\":\"us-east-1\",\"detail\":{\"eventName\":\"CreateWorkspaces\","
            + "\"eventSource\":\"workspaces.amazonaws.com\",\"eventID\":\"ct-1\"%s}}";

    @Test
    void eachKindOfBadInputHasItsReason() {
        assertEquals(UnusableEvent.Reason.MALFORMED_JSON, assertThrows(UnusableEvent.class,
                () -> parse("{not json secret=abc")).reason());
        assertFalse(assertThrows(UnusableEvent.class, () -> parse("{not json secret=abc")).getMessage().contains("abc"));
        assertEquals(UnusableEvent.Reason.WRONG_TYPE, assertThrows(UnusableEvent.class, () -> parse("[1,2]")).reason());
        assertEquals(UnusableEvent.Reason.MISSING_FIELD, assertThrows(UnusableEvent.class,
                () -> parse("{\"id\":\"1\"}")).reason());
        assertEquals(UnusableEvent.Reason.WRONG_SOURCE, reason(CALL.formatted("").replace("aws.workspaces\",", "aws.ec2\",")));
        assertEquals(UnusableEvent.Reason.FAILED_CALL, reason(CALL.formatted(",\"errorCode\":\"AccessDenied\"")));
        assertEquals(UnusableEvent.Reason.WRONG_TYPE, reason(CALL.formatted(",\"responseElements\":[]")));
        assertEquals(UnusableEvent.Reason.WRONG_TYPE, reason(CALL.formatted("").replace("\"id\":\"1\"", "\"id\":7")));
    }

    @Test
    void cloudTrailEventIdKeysTheCall() {
        CloudTrailCall call = CloudTrailCall.from(parse(CALL.formatted("")), "aws.workspaces", Set.of("CreateWorkspaces"));
        assertEquals("ct-1", call.eventId());
        assertEquals("CreateWorkspaces", call.eventName());
    }

    @Test
    void configurationNamesEveryProblemAtOnce() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GuardrailsConfig.fromEnvironment(Map.of("MODE", "FIX", "FINDING_TTL_DAYS", "soon")));
        for (String problem : new String[]{"ALERT_TOPIC_ARN", "FINDINGS_TABLE", "AWS_REGION", "MODE must be",
                "FINDING_TTL_DAYS"}) {
            assertEquals(true, e.getMessage().contains(problem), problem + " in " + e.getMessage());
        }
        GuardrailsConfig config = GuardrailsConfig.fromEnvironment(Map.of("ALERT_TOPIC_ARN",
                "arn:aws:sns:eu-central-1:111122223333:central-alerts", "FINDINGS_TABLE", "t", "AWS_REGION", "eu-west-1",
                "MODE", "remediate"));
        assertEquals(Mode.REMEDIATE, config.mode());
        assertEquals(30, config.findingTtlDays());
        assertEquals("eu-central-1", config.alertTopicRegion(), "a central topic's client goes to its own Region");
    }

    @Test
    void anAlertTopicThatIsNoTopicArnStopsTheFunctionAtStart() {
        for (String notATopic : new String[]{"central-alerts", "arn:aws:sqs:eu-west-1:111122223333:q",
                "arn:aws:sns::111122223333:central-alerts", "arn:aws:sns:eu-west-1::central-alerts"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> GuardrailsConfig.fromEnvironment(Map.of("ALERT_TOPIC_ARN", notATopic, "FINDINGS_TABLE", "t",
                            "AWS_REGION", "eu-west-1")));
            assertEquals(true, e.getMessage().contains("ALERT_TOPIC_ARN must be an SNS topic's ARN"), e.getMessage());
        }
    }
}
