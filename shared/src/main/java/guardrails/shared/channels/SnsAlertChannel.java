package guardrails.shared.channels;

import com.fasterxml.jackson.databind.node.ObjectNode;
import guardrails.shared.Json;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.SafeText;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes findings to the one alert topic, as text for email and as the Chatbot notification for everything else;
 * attributes let subscriptions filter by severity or guardrail.
 */
public final class SnsAlertChannel implements AlertChannel {

    /**
     * Publishing to a topic encrypted with a customer managed key needs the key too; GetTopicAttributes is the
     * side-effect-free call SnapStart priming warms the SNS client with.
     */
    public static final java.util.List<String> IAM_ACTIONS =
            java.util.List.of("sns:Publish", "sns:GetTopicAttributes", "kms:GenerateDataKey", "kms:Decrypt");

    private final SnsClient sns;
    private final String topicArn;

    public SnsAlertChannel(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public void publish(Finding finding, AlertContext context) {
        sns.publish(request -> request
                .topicArn(topicArn)
                .subject(ChatbotNotification.subject(finding, centralFor(context)))
                .messageStructure("json")
                .message(message(finding, context))
                .messageAttributes(Map.of(
                        "severity", attribute(finding.severity().name()),
                        "guardrail", attribute(finding.guardrail()),
                        "account", attribute(SafeText.line(context.account(), 64)),
                        "region", attribute(SafeText.line(context.region(), 64)))));
    }

    /**
     * One message per protocol (SNS Publish, MessageStructure "json"): email subscribers get {@link EmailText};
     * "default" (the Chatbot notification) goes to every other protocol: HTTPS (AWS Chatbot), SQS, Lambda,
     * email-json.
     */
    static String message(Finding finding, AlertContext context) {
        ObjectNode message = Json.object();
        message.put("default", ChatbotNotification.body(finding, context));
        message.put("email", EmailText.render(finding, context));
        return Json.toString(message);
    }

    /** The account the finding is about, when the topic is another account's (central): its readers see many. */
    private String centralFor(AlertContext context) {
        String topicAccount = software.amazon.awssdk.arns.Arn.tryFromString(topicArn)
                .flatMap(software.amazon.awssdk.arns.Arn::accountId).orElse("");
        String account = SafeText.line(context.account(), 12);
        return account != null && account.matches("\\d{12}") && !account.equals(topicAccount) ? account : null;
    }

    private static MessageAttributeValue attribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
