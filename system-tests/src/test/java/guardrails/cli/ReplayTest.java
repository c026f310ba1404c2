package guardrails.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import guardrails.local.CloudTrailEvents;
import guardrails.local.DeployedFunction;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `./guardrails replay`: the failed-events queue's messages of the function's own failures, both kinds (Lambda's
 * on-failure record and an EventBridge rule's dead letter), handed back to the deployed function's live alias; each
 * deleted only once that succeeded; anything else (another function's record, a message someone planted) kept.
 */
class ReplayTest {

    private static final LocalAws AWS = LocalAws.shared();

    @Test
    void theFunctionsOwnFailuresGoBackToItsLiveAliasAndNothingElse() throws Exception {
        AWS.reset();
        LocalAws.Deployment deployment = AWS.deploy("ALERT");
        FieldScenario scenario = FieldScenario.seed(AWS);
        SqsClient sqs = AWS.client(SqsClient.builder());
        String queue = sqs.createQueue(r -> r.queueName("directory-trust-failed-events")).queueUrl();
        // While its cause lasts (here: a table that does not exist), every event fails again.
        DeployedFunction deployed = DeployedFunction.serve(AWS, "guardrails-DirectoryTrustFunction-1A2B3C",
                new LocalInvoker(Template.load().function("DirectoryTrustFunction"),
                        deployment.environmentWith("FINDINGS_TABLE", "no-such-table")));

        String createTrust = CloudTrailEvents.trustCall("aws.ds-CreateTrust.json", scenario.directoryId,
                scenario.trustId);
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody(onFailure(deployed.arn() + ":live", createTrust)));
        // A rule's dead letter: the event itself, its target named in a custom attribute.
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody(CloudTrailEvents.schedule()).messageAttributes(Map.of(
                "RULE_ARN", text("arn:aws:events:us-east-1:123456789012:rule/guardrails-DirectoryTrustFunctionSweep"),
                "TARGET_ARN", text(deployed.arn() + ":live"))));
        // What the function never failed on: another function's record, a planted event, no event at all.
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody(onFailure(
                "arn:aws:lambda:us-east-1:123456789012:function:someone-else:live", createTrust)));
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody(createTrust));
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody("not an event"));
        LambdaClient lambda = AWS.client(LambdaClient.builder());

        ByteArrayOutputStream said = new ByteArrayOutputStream();
        assertEquals(new Replay.Outcome(0, 2, 3), Replay.run(lambda, "guardrails-DirectoryTrustFunction-1A2B3C", sqs,
                queue, new PrintStream(said, true, StandardCharsets.UTF_8)));
        assertEquals(3, said.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.endsWith(": not a failure record of " + deployed.arn())).count(), said.toString());
        assertEquals(List.of("live", "live"), deployed.invocations().stream().map(i -> i.qualifier()).toList(),
                "the deployed function's live alias, never a local handler with the operator's rights");

        deployed.deploy(new LocalInvoker(Template.load().function("DirectoryTrustFunction"), deployment.environment()));
        assertEquals(new Replay.Outcome(2, 0, 3), Replay.run(lambda, deployed.arn(), sqs, queue,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertEquals(List.of("TRUST_NOT_TWO_WAY"), deployment.inbox().drain().stream()
                .map(guardrails.local.AlertInbox.Alert::rule).distinct().toList(), "the trust call was handled");
        assertTrue(deployed.invocations().get(2).payload().contains("CreateTrust"), "the original event, as sent");
        assertEquals("3", sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNamesWithStrings(
                "ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"),
                "what is not the function's own failure stays");
    }

    /** Lambda's on-failure record ("Capturing records of Lambda asynchronous invocations"). */
    private static String onFailure(String functionArn, String event) {
        ObjectNode record = (ObjectNode) CloudTrailEvents.parse("{\"version\":\"1.0\",\"timestamp\":"
                + "\"2026-12-04T03:00:00.000Z\",\"requestContext\":{\"requestId\":\"e4b4d0c5-6f3e-4b7c-9d0e-"
                + "1f2a3b4c5d6e\",\"condition\":\"RetriesExhausted\",\"approximateInvokeCount\":3},"
                + "\"responseContext\":{\"statusCode\":200,\"executedVersion\":\"1\",\"functionError\":\"Unhandled\"}}");
        ((ObjectNode) record.get("requestContext")).put("functionArn", functionArn);
        record.set("requestPayload", CloudTrailEvents.parse(event));
        return record.toString();
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
