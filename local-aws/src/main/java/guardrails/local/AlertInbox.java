package guardrails.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * An SQS queue subscribed to the alert topic: what an operator's subscription would receive, read back as
 * delivered (subject, Chatbot body, message attributes).
 */
public final class AlertInbox {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    private final StandIn standIn;

    private AlertInbox(SqsClient sqs, String queueUrl, StandIn standIn) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.standIn = standIn;
    }

    static AlertInbox subscribe(LocalAws aws, String topicArn) {
        return subscribe(aws.client(SqsClient.builder()), aws.client(SnsClient.builder()), topicArn, aws.standIn());
    }

    /** An inbox on a topic of another account or Region: the clients are that account's, in the topic's Region. */
    public static AlertInbox subscribe(SqsClient sqs, SnsClient sns, String topicArn, StandIn standIn) {
        String url = sqs.createQueue(r -> r.queueName("guardrails-alert-inbox")).queueUrl();
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(arn));
        return new AlertInbox(sqs, url, standIn);
    }

    /**
     * An alert as delivered: the SNS subject, the parsed Chatbot body, and the message attributes; with the email
     * text the same publish gave email subscribers (SNS delivers that to email only: the stand-in kept it).
     */
    public record Alert(String subject, JsonNode body, JsonNode attributes, String email) {
        public String severity() {
            return attributes.path("severity").path("Value").asText();
        }

        public String rule() {
            return body.path("metadata").path("additionalContext").path("rule").asText();
        }

        public String resourceId() {
            return body.path("metadata").path("additionalContext").path("resourceId").asText();
        }

        public String field(String name) {
            return body.path("metadata").path("additionalContext").path(name).asText();
        }
    }

    /**
     * Everything delivered so far, waiting briefly for stragglers; each alert is read once. Fails when the stand-in
     * refused an alert for its shape (every rule's alerts, email text and Chatbot JSON alike: PublishedAlerts).
     */
    public List<Alert> drain() {
        if (!standIn.badAlerts().isEmpty()) {
            throw new AssertionError("alerts refused for their shape: " + standIn.badAlerts());
        }
        List<Alert> alerts = new ArrayList<>();
        long quietUntil = System.nanoTime() + Duration.ofMillis(300).toNanos();
        while (System.nanoTime() < quietUntil) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            for (Message message : messages) {
                alerts.add(parse(message.body(), standIn));
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
            if (!messages.isEmpty()) {
                quietUntil = System.nanoTime() + Duration.ofMillis(300).toNanos();
            }
        }
        return alerts;
    }

    private static Alert parse(String envelope, StandIn standIn) {
        try {
            JsonNode sns = JSON.readTree(envelope);
            JsonNode body = JSON.readTree(sns.path("Message").asText());
            return new Alert(sns.path("Subject").asText(), body, sns.path("MessageAttributes"),
                    standIn.emailText(body.path("id").asText()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("alert is not the SNS JSON envelope: " + envelope, e);
        }
    }
}
