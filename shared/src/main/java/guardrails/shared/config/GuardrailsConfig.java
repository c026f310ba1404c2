package guardrails.shared.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deployment configuration, read once from the environment (the template sets it; the local runner copies it
 * from the template). Every problem is reported at once, so a bad deployment is fixed in one round.
 */
public record GuardrailsConfig(String alertTopicArn, String findingsTable, Mode mode, int findingTtlDays,
                               String region, String modeParameter, boolean securityHubFindings) {

    public GuardrailsConfig(String alertTopicArn, String findingsTable, Mode mode, int findingTtlDays, String region,
                            String modeParameter) {
        this(alertTopicArn, findingsTable, mode, findingTtlDays, region, modeParameter, false);
    }

    /** Without a mode parameter: the mode is the template's, fixed. */
    public GuardrailsConfig(String alertTopicArn, String findingsTable, Mode mode, int findingTtlDays, String region) {
        this(alertTopicArn, findingsTable, mode, findingTtlDays, region, null);
    }

    public static GuardrailsConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String topic = required(env, "ALERT_TOPIC_ARN", problems);
        if (topic != null && topicRegion(topic).isEmpty()) {
            problems.add("ALERT_TOPIC_ARN must be an SNS topic's ARN (arn:<partition>:sns:<region>:<account>:<name>),"
                    + " not " + topic);
        }
        String table = required(env, "FINDINGS_TABLE", problems);
        String region = required(env, "AWS_REGION", problems);
        Mode mode = Mode.ALERT;
        try {
            mode = Mode.parse(env.getOrDefault("MODE", "ALERT"));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        int ttlDays = 30;
        try {
            ttlDays = Integer.parseInt(env.getOrDefault("FINDING_TTL_DAYS", "30").trim());
            if (ttlDays < 1) {
                problems.add("FINDING_TTL_DAYS must be at least 1");
            }
        } catch (NumberFormatException e) {
            problems.add("FINDING_TTL_DAYS must be a whole number of days");
        }
        // Optional: findings also imported into Security Hub (template parameter SecurityHubFindings).
        String securityHub = env.getOrDefault("SECURITY_HUB_FINDINGS", "Disabled").trim();
        if (!securityHub.equals("Enabled") && !securityHub.equals("Disabled")) {
            problems.add("SECURITY_HUB_FINDINGS must be Enabled or Disabled, not " + securityHub);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("configuration is incomplete: " + String.join("; ", problems));
        }
        // Optional: the SSM parameter that overrides the mode without a redeploy (ModeSwitch).
        String modeParameter = env.get("MODE_PARAMETER");
        modeParameter = modeParameter == null || modeParameter.isBlank() ? null : modeParameter.trim();
        return new GuardrailsConfig(topic, table, mode, ttlDays, region, modeParameter,
                securityHub.equals("Enabled"));
    }

    /**
     * The Region of the alert topic, where its SNS client must be: SNS takes a publish for a topic of its own Region
     * only, and a central topic may sit in another Region than the function (a central alert topic).
     */
    public String alertTopicRegion() {
        return topicRegion(alertTopicArn).orElse(region);
    }

    private static java.util.Optional<String> topicRegion(String topicArn) {
        return software.amazon.awssdk.arns.Arn.tryFromString(topicArn)
                .filter(arn -> arn.service().equals("sns") && arn.region().isPresent() && arn.accountId().isPresent()
                        && !arn.resourceAsString().isBlank())
                .flatMap(software.amazon.awssdk.arns.Arn::region);
    }

    private static String required(Map<String, String> env, String name, List<String> problems) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            problems.add(name + " is not set");
            return null;
        }
        return value.trim();
    }
}
