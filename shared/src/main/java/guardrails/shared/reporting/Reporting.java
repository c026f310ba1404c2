package guardrails.shared.reporting;

import guardrails.shared.config.AwsClients;
import guardrails.shared.config.GuardrailsConfig;
import guardrails.shared.config.ModeSwitch;
import guardrails.shared.config.ParameterModeSwitch;
import guardrails.shared.lambda.Priming;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The reporting end every function wires the same way: the findings ledger in DynamoDB, the SNS alert channel,
 * and the reporter that ties them together in the deployment's mode.
 */
public record Reporting(FindingsLedger ledger, FindingReporter reporter, DynamoDbClient dynamo) {

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
        var ledger = ledger(dynamo, config);
        SnsClient sns = AwsClients.build(SnsClient.builder(), config.alertTopicRegion());
        AlertChannel alerts = new SnsAlertChannel(sns, config.alertTopicArn());
        SecurityHubChannel hub = config.securityHubFindings() ? new SecurityHubChannel(AwsClients.buildForPatch(
                SecurityHubClient.builder(), config.region()), recovery, Clock.systemUTC()) : null;
        Priming.registerCalls(() -> ledger.lastState("priming"),
                () -> sns.getTopicAttributes(r -> r.topicArn(config.alertTopicArn())));
        Priming.registerCalls(primingCalls(config));
        return new Reporting(ledger, new FindingReporter(ledger, alerts, hub, GuardrailMetrics.standardOutput(),
                modeSwitch(config)), dynamo);
    }

    /**
     * SnapStart priming: the reporting end on clients that send nothing ({@link Priming#offline}) and metrics that
     * write nothing, for running a guardrail's whole pipeline over sample resources before the snapshot.
     */
    public static Reporting offline(GuardrailsConfig config) {
        DynamoDbClient dynamo = Priming.offline(DynamoDbClient.builder(), config.region());
        var ledger = ledger(dynamo, config);
        return new Reporting(ledger, new FindingReporter(ledger, offlineAlerts(config), GuardrailMetrics.discarding(),
                config.mode()), dynamo);
    }

    /**
     * SnapStart priming: every call the ledger and the alert channel make, on clients that send nothing
     * ({@link Priming#offline}), so a restored function's first finding finds them loaded and compiled.
     */
    public static Runnable[] primingCalls(GuardrailsConfig config) {
        var ledger = ledger(Priming.offline(DynamoDbClient.builder(), config.region()), config);
        var alerts = offlineAlerts(config);
        Finding finding = new Finding("priming", "PRIMING", Severity.INFO, "priming", List.of(), "t", "s", "w", "a",
                "o");
        return new Runnable[] {
            () -> ledger.claim("priming"),
            () -> ledger.recordAction("priming", "primed"),
            () -> ledger.recordedAction("priming"),
            () -> ledger.complete("priming"),
            () -> ledger.release("priming"),
            () -> ledger.lastStates(List.of("priming")),
            () -> ledger.recordStates(Map.of("priming", "primed")),
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

    private static DynamoDbFindingsLedger ledger(DynamoDbClient dynamo, GuardrailsConfig config) {
        return new DynamoDbFindingsLedger(dynamo, config.findingsTable(), Duration.ofDays(config.findingTtlDays()),
                CLAIM_LEASE, Clock.systemUTC());
    }

    private static SnsAlertChannel offlineAlerts(GuardrailsConfig config) {
        return new SnsAlertChannel(Priming.offline(SnsClient.builder(), config.alertTopicRegion()),
                config.alertTopicArn());
    }
}
