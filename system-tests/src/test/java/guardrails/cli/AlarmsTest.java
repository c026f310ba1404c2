package guardrails.cli;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.local.Template;
import guardrails.shared.registry.Guardrail;
import guardrails.shared.lambda.LambdaAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing fails silently: each function has an alarm on its failures and throttles and on the events it could not
 * use (by the guardrail name its code emits), each sweep a heartbeat alarm that treats silence as failure, and every
 * alarm says what to do and tells both the alert topic and the health topic.
 */
class AlarmsTest {

    private static final Template TEMPLATE = Template.load();
    private static final Map<String, JsonNode> ALARMS = TEMPLATE.resources("AWS::CloudWatch::Alarm");
    static final List<Guardrail> GUARDRAILS = Guardrail.all();

    @ParameterizedTest
    @FieldSource("GUARDRAILS")
    void eachFunctionIsWatched(Guardrail guardrail) {
        String function = guardrail.resourcePrefix();
        boolean sweeps = TEMPLATE.resources("AWS::Serverless::Function").get(guardrail.logicalId())
                .path("Events").findValuesAsText("Type").contains("Schedule");
        JsonNode failing = alarm(function + "FailingAlarm");
        List<String> metrics = new ArrayList<>();
        failing.path("Metrics").forEach(m -> {
            if (m.has("MetricStat")) {
                JsonNode metric = m.path("MetricStat").path("Metric");
                assertEquals("AWS/Lambda", metric.path("Namespace").asText());
                assertEquals(function + "Function", metric.path("Dimensions").get(0).path("Value").asText());
                metrics.add(metric.path("MetricName").asText());
            }
        });
        assertEquals(List.of("Errors", "Throttles"), metrics);

        JsonNode unusable = alarm(function + "UnusableEventsAlarm");
        assertEquals(LambdaAdapter.UNUSABLE_EVENTS, unusable.path("MetricName").asText());
        assertEquals(guardrail.key(), unusable.path("Dimensions").get(0).path("Value").asText(),
                "the alarm watches the name the code emits");

        JsonNode stopped = ALARMS.get(function + "SweepStoppedAlarm");
        assertEquals(sweeps, stopped != null, function + ": a heartbeat alarm exactly when it sweeps");
        if (sweeps) {
            assertEquals(LambdaAdapter.SWEEPS_COMPLETED, stopped.path("MetricName").asText());
            assertEquals(guardrail.key(), stopped.path("Dimensions").get(0).path("Value").asText());
            assertEquals("breaching", stopped.path("TreatMissingData").asText(), "silence is the failure");
            assertEquals(2, stopped.path("EvaluationPeriods").asInt(), "two of its periods");
        }
    }

    @Test
    void everyAlarmSaysWhatToDoAndHasASecondPath() {
        assertFalse(ALARMS.isEmpty());
        ALARMS.forEach((id, alarm) -> {
            assertTrue(alarm.path("AlarmDescription").asText().length() > 80, id + " says what it means and what to do");
            // !If [AlarmsReachAlertTopic, [alert topic (own or central), HealthTopic], [HealthTopic]], as written;
            // StackSetTemplateTest evaluates it for an own topic and a central one in this and another Region.
            String bothPaths = "[\"AlarmsReachAlertTopic\",[[\"UsesCentralTopic\",\"CentralAlertTopicArn\",\"AlertTopic\"],"
                    + "\"HealthTopic\"],[\"HealthTopic\"]]";
            assertEquals(bothPaths, alarm.path("AlarmActions").toString(), id);
            assertEquals(bothPaths, alarm.path("OKActions").toString(), id);
        });
    }

    /**
     * A failed-events queue takes dead letters from its own rules, and no message from anyone but those rules and
     * its function (the on-failure destination sends with the function's role): a replay finds nothing planted.
     */
    @ParameterizedTest
    @FieldSource("GUARDRAILS")
    void eachFailedEventsQueueTakesMessagesOnlyFromItsOwnRulesAndFunction(Guardrail guardrail) {
        String function = guardrail.resourcePrefix();
        JsonNode policy = TEMPLATE.resources("AWS::SQS::QueuePolicy").get(function + "FailedEventsQueuePolicy");
        assertNotNull(policy, function + " has no queue policy of its own");
        assertEquals(List.of(function + "FailedEvents"), texts(policy.path("Queues")));
        JsonNode statements = policy.path("PolicyDocument").path("Statement");
        assertEquals(2, statements.size());
        List<String> sources = new ArrayList<>();
        statements.get(0).path("Condition").path("ArnEquals").path("aws:SourceArn")
                .forEach(arn -> sources.add(arn.asText().replace(".Arn", "")));
        assertEquals(TEMPLATE.function(function + "Function").rules(), sources);
        JsonNode deny = statements.get(1);
        assertEquals("Deny", deny.path("Effect").asText());
        assertEquals("*", deny.path("Principal").asText());
        assertEquals("sqs:SendMessage", deny.path("Action").asText());
        List<String> excepted = new ArrayList<>();
        deny.path("Condition").path("ArnNotEquals").path("aws:SourceArn")
                .forEach(arn -> excepted.add(arn.asText().replace(".Arn", "")));
        assertEquals(sources, excepted, "the rules' dead letters are not denied");
        assertEquals(function + "FunctionRole.Arn", deny.path("Condition").path("ArnNotEquals")
                .path("aws:PrincipalArn").asText(), "nor the function's on-failure records");
        assertEquals(1, TEMPLATE.resources("AWS::SQS::QueuePolicy").values().stream()
                .filter(p -> texts(p.path("Queues")).contains(function + "FailedEvents")).count(),
                "no other policy opens the queue");
    }

    private static JsonNode alarm(String id) {
        JsonNode alarm = ALARMS.get(id);
        assertNotNull(alarm, "template.yaml has no " + id);
        return alarm;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
