package guardrails.shared.reporting;

import guardrails.shared.channels.AlertChannel;
import guardrails.shared.channels.SecurityHubChannel;
import guardrails.shared.channels.SnsAlertChannel;
import guardrails.shared.config.AwsClients;
import guardrails.shared.config.GuardrailsConfig;
import guardrails.shared.config.ModeSwitch;
import guardrails.shared.config.ParameterModeSwitch;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import guardrails.shared.lifecycle.DynamoDbClaims;
import guardrails.shared.lifecycle.DynamoDbRememberedStates;
import guardrails.shared.lifecycle.RememberedStates;
import guardrails.shared.priming.Priming;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The reporting end every function wires the same way: the claims and the remembered states in the findings table
 * (DynamoDB), the SNS alert channel, and the reporter that ties them together in the deployment's mode.
 */
public record Reporting(RememberedStates states, FindingReporter reporter, DynamoDbClient dynamo) {

    /** A claim outlives the longest invocation (the template's 60 s timeout) with room to spare. */
    static final Duration CLAIM_LEASE = Duration.ofSeconds(120);

    public static Reporting wire(GuardrailsConfig config) {
        return wire(config, finding -> false);
    }

    /**
     * {@code recovery}: the guardrail's findings that say a problem is gone, which resolve its Security Hub findings
     * on that resource when SECURITY_HUB_FINDINGS is Enabled (its rules class says which they are).
     */
    public static Reporting wire(GuardrailsConfig config, Predicate<Finding> recovery) {
        DynamoDbClient dynamo = AwsClients.build(DynamoDbClient.builder(), config.region());
        var claims = claims(dynamo, config);
        var states = states(dynamo, config);
        SnsClient sns = AwsClients.build(SnsClient.builder(), config.alertTopicRegion());
        AlertChannel alerts = new SnsAlertChannel(sns, config.alertTopicArn());
        SecurityHubChannel hub = config.securityHubFindings() ? new SecurityHubChannel(AwsClients.buildForPatch(
                SecurityHubClient.builder(), config.region()), recovery, Clock.systemUTC()) : null;
        Priming.registerCalls(() -> states.lastState("priming"),
                () -> sns.getTopicAttributes(r -> r.topicArn(config.alertTopicArn())));
        Priming.registerCalls(primingCalls(config));
        return new Reporting(states, new FindingReporter(claims, states, alerts, hub,
                GuardrailMetrics.standardOutput(), modeSwitch(config)), dynamo);
    }

    /**
     * SnapStart priming: the reporting end on clients that send nothing ({@link Priming#offline}) and metrics that
     * write nothing, for running a guardrail's whole pipeline over sample resources before the snapshot.
     */
    public static Reporting offline(GuardrailsConfig config) {
        DynamoDbClient dynamo = Priming.offline(DynamoDbClient.builder(), config.region());
        var states = states(dynamo, config);
        return new Reporting(states, new FindingReporter(claims(dynamo, config), states, offlineAlerts(config),
                GuardrailMetrics.discarding(), config.mode()), dynamo);
    }

    /**
     * SnapStart priming: every call the claims, the remembered states and the alert channel make, on clients that
     * send nothing ({@link Priming#offline}), so a restored function's first finding finds them loaded and compiled.
     */
    public static Runnable[] primingCalls(GuardrailsConfig config) {
        DynamoDbClient dynamo = Priming.offline(DynamoDbClient.builder(), config.region());
        var claims = claims(dynamo, config);
        var states = states(dynamo, config);
        var alerts = offlineAlerts(config);
        Finding finding = new Finding("priming", "PRIMING", Severity.INFO, "priming", List.of(), "t", "s", "w", "a",
                "o");
        return new Runnable[] {
            () -> claims.claim("priming"),
            () -> claims.recordAction("priming", "primed"),
            () -> claims.recordedAction("priming"),
            () -> claims.complete("priming"),
            () -> claims.release("priming"),
            () -> states.lastStates(List.of("priming")),
            () -> states.recordStates(Map.of("priming", "primed")),
            () -> alerts.publish(finding, new AlertChannel.AlertContext("000000000000", config.region(), "priming")),
        };
    }

    /**
     * The template's mode, overridden by its SSM parameter when the template names one (only the functions that can
     * act do, and only their jars hold the SSM client: nothing here names it).
     */
    private static ModeSwitch modeSwitch(GuardrailsConfig config) {
        return config.modeParameter() == null ? ModeSwitch.fixed(config.mode()) : ParameterModeSwitch.of(config);
    }

    private static DynamoDbClaims claims(DynamoDbClient dynamo, GuardrailsConfig config) {
        return new DynamoDbClaims(dynamo, config.findingsTable(), Duration.ofDays(config.findingTtlDays()),
                CLAIM_LEASE, Clock.systemUTC());
    }

    private static DynamoDbRememberedStates states(DynamoDbClient dynamo, GuardrailsConfig config) {
        return new DynamoDbRememberedStates(dynamo, config.findingsTable(), Clock.systemUTC());
    }

    private static SnsAlertChannel offlineAlerts(GuardrailsConfig config) {
        return new SnsAlertChannel(Priming.offline(SnsClient.builder(), config.alertTopicRegion()),
                config.alertTopicArn());
    }
}
