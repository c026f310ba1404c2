package guardrails.cli;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.local.CloudTrailEvents;
import guardrails.local.LocalInvoker;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code ./guardrails replay <LogicalId> <queue url>}: each message of a function's failed-events queue, its original
 * event taken out (Lambda's on-failure record carries it as requestPayload; an EventBridge rule's dead letter is the
 * event itself), handled again by the function's handler; a message is deleted only when that succeeded.
 */
final class Replay {

    /** What one replay did. */
    record Outcome(int replayed, int failed, int unreadable) {
    }

    private Replay() {
    }

    static Outcome run(LocalInvoker function, SqsClient sqs, String queueUrl, PrintStream out) {
        int replayed = 0;
        int failed = 0;
        int unreadable = 0;
        List<String> kept = new ArrayList<>();
        while (true) {
            // Each message is seen once per run: a kept one stays invisible until the run is over, then returns.
            var messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout(300)).messages();
            if (messages.isEmpty()) {
                kept.forEach(handle -> sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(handle)
                        .visibilityTimeout(0)));
                return new Outcome(replayed, failed, unreadable);
            }
            for (Message message : messages) {
                String event;
                try {
                    event = originalEvent(message.body());
                } catch (RuntimeException e) {
                    out.println("kept " + message.messageId() + ": not an event or an on-failure record");
                    kept.add(message.receiptHandle());
                    unreadable++;
                    continue;
                }
                try {
                    function.invoke(event, System.err);
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                    out.println("replayed " + message.messageId());
                    replayed++;
                } catch (Exception e) {
                    out.println("kept " + message.messageId() + ": the function failed again (" + e + ")");
                    kept.add(message.receiptHandle());
                    failed++;
                }
            }
        }
    }

    /** The event a failed-events message holds. */
    static String originalEvent(String body) {
        JsonNode message = CloudTrailEvents.parse(body);
        JsonNode event = message.has("requestPayload") ? message.get("requestPayload") : message;
        if (!event.isObject() || !event.has("detail-type")) {
            throw new IllegalArgumentException("no EventBridge event in the message");
        }
        return event.toString();
    }
}
