package guardrails.shared.reporting;

import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/** Publishes findings to the one alert topic; attributes let subscriptions filter by severity or guardrail. */
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
                .subject(ChatbotNotification.subject(finding))
                .message(ChatbotNotification.body(finding, context))
                .messageAttributes(Map.of(
                        "severity", attribute(finding.severity().name()),
                        "guardrail", attribute(finding.guardrail()),
                        "account", attribute(SafeText.line(context.account(), 64)),
                        "region", attribute(SafeText.line(context.region(), 64)))));
    }

    private static MessageAttributeValue attribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
