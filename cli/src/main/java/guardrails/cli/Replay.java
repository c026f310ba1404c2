package guardrails.cli;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.local.CloudTrailEvents;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * {@code ./guardrails replay <function> <queue url>}: each message of a function's failed-events queue handed back to
 * the deployed function, Invoke of its {@code live} alias, so it runs with the function's own role and conditions,
 * never with the operator's rights. Only the function's own failures are replayed: Lambda's on-failure record of it
 * ({@code requestContext.functionArn}, "Capturing records of Lambda asynchronous invocations") or the dead letter of a
 * rule that targets it (custom attribute {@code TARGET_ARN}, "Using dead-letter queues to process undelivered events
 * in EventBridge"). Anything else is kept and said. A message is deleted only once the function handled it.
 */
final class Replay {

    /** The alias every function is invoked through (template.yaml: AutoPublishAlias). */
    static final String ALIAS = "live";

    /** What one replay did. */
    record Outcome(int replayed, int failed, int skipped) {
    }

    private Replay() {
    }

    static Outcome run(LambdaClient lambda, String function, SqsClient sqs, String queueUrl, PrintStream out) {
        String functionArn = unqualified(lambda.getFunctionConfiguration(r -> r.functionName(function))
                .functionArn());
        int replayed = 0;
        int failed = 0;
        int skipped = 0;
        List<String> kept = new ArrayList<>();
        while (true) {
            // Each message is seen once per run: a kept one stays invisible until the run is over, then returns.
            var messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout(300).messageAttributeNames("All")).messages();
            if (messages.isEmpty()) {
                kept.forEach(handle -> sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(handle)
                        .visibilityTimeout(0)));
                return new Outcome(replayed, failed, skipped);
            }
            for (Message message : messages) {
                Optional<String> event = ownEvent(message, functionArn);
                if (event.isEmpty()) {
                    out.println("kept " + message.messageId() + ": not a failure record of " + functionArn);
                    kept.add(message.receiptHandle());
                    skipped++;
                    continue;
                }
                InvokeResponse answer = lambda.invoke(r -> r.functionName(functionArn).qualifier(ALIAS)
                        .payload(SdkBytes.fromUtf8String(event.get())));
                if (answer.functionError() == null) {
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                    out.println("replayed " + message.messageId());
                    replayed++;
                } else {
                    out.println("kept " + message.messageId() + ": the function failed again ("
                            + answer.functionError() + ")");
                    kept.add(message.receiptHandle());
                    failed++;
                }
            }
        }
    }

    /** The event a message of this function's own failures holds; empty for anything else. */
    static Optional<String> ownEvent(Message message, String functionArn) {
        JsonNode body;
        try {
            body = CloudTrailEvents.parse(message.body());
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
        JsonNode event;
        if (body.has("requestContext")) { // Lambda's on-failure record
            if (!of(body.path("requestContext").path("functionArn").asText(), functionArn)) {
                return Optional.empty();
            }
            event = body.path("requestPayload");
        } else { // a rule's dead letter: the event itself
            MessageAttributeValue target = message.messageAttributes().get("TARGET_ARN");
            if (target == null || !of(target.stringValue(), functionArn)) {
                return Optional.empty();
            }
            event = body;
        }
        return event.isObject() && event.has("detail-type") ? Optional.of(event.toString()) : Optional.empty();
    }

    /** The ARN names this function, unqualified or with a version or alias. */
    private static boolean of(String arn, String functionArn) {
        return arn != null && (arn.equals(functionArn) || arn.startsWith(functionArn + ":"));
    }

    /** arn:aws:lambda:region:account:function:name, without a qualifier. */
    static String unqualified(String arn) {
        String[] parts = arn.split(":");
        return parts.length > 7 ? String.join(":", java.util.Arrays.copyOf(parts, 7)) : arn;
    }
}
