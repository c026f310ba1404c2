package guardrails.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import guardrails.local.CloudTrailEvents;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * `./guardrails replay`: the failed-events queue's messages, both kinds (Lambda's on-failure record and an
 * EventBridge rule's dead letter), handled again by the function; each deleted only once that succeeded.
 */
class ReplayTest {

    private static final LocalAws AWS = LocalAws.shared();
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void eachFailedEventIsHandledAgainAndDeletedOnlyOnceThatSucceeded() throws Exception {
        AWS.reset();
        LocalAws.Deployment deployment = AWS.deploy("ALERT");
        FieldScenario scenario = FieldScenario.seed(AWS);
        SqsClient sqs = AWS.client(SqsClient.builder());
        String queue = sqs.createQueue(r -> r.queueName("trust-guard-failed-events")).queueUrl();

        String createTrust = CloudTrailEvents.trustCall("aws.ds-CreateTrust.json", scenario.directoryId,
                scenario.trustId);
        ObjectNode onFailure = (ObjectNode) CloudTrailEvents.parse("{\"version\":\"1.0\",\"requestContext\":"
                + "{\"condition\":\"RetriesExhausted\",\"approximateInvokeCount\":3},\"responseContext\":"
                + "{\"statusCode\":200,\"functionError\":\"Unhandled\"}}");
        onFailure.set("requestPayload", CloudTrailEvents.parse(createTrust));
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody(onFailure.toString()));
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody(CloudTrailEvents.schedule())); // a rule's dead letter
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody("not an event"));

        // While its cause lasts (here: a table that does not exist), every event is kept.
        LocalInvoker broken = new LocalInvoker(Template.load().function("TrustGuardFunction"),
                deployment.environmentWith("FINDINGS_TABLE", "no-such-table"));
        assertEquals(new Replay.Outcome(0, 2, 1), Replay.run(broken, sqs, queue, QUIET));

        LocalInvoker fixed = new LocalInvoker(Template.load().function("TrustGuardFunction"),
                deployment.environment());
        assertEquals(new Replay.Outcome(2, 0, 1), Replay.run(fixed, sqs, queue, QUIET));
        assertEquals(java.util.List.of("TRUST_NOT_TWO_WAY"), deployment.inbox().drain().stream()
                .map(guardrails.local.AlertInbox.Alert::rule).distinct().toList(), "the trust call was handled");

        assertEquals("1", sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNamesWithStrings(
                "ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"),
                "only what is no event stays");
    }
}
