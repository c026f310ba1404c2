package guardrails.shared;

import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The reporting end every function wires the same way: the findings ledger in DynamoDB, the SNS alert channel,
 * and the reporter that ties them together in the deployment's mode.
 */
public record Reporting(FindingsLedger ledger, FindingReporter reporter) {

    /** A claim outlives the longest invocation (the template's 60 s timeout) with room to spare. */
    static final Duration CLAIM_LEASE = Duration.ofSeconds(120);

    public static Reporting wire(GuardrailsConfig config) {
        var ledger = new DynamoDbFindingsLedger(AwsClients.build(DynamoDbClient.builder(), config.region()),
                config.findingsTable(), Duration.ofDays(config.findingTtlDays()), CLAIM_LEASE, Clock.systemUTC());
        SnsClient sns = AwsClients.build(SnsClient.builder(), config.region());
        var alerts = new SnsAlertChannel(sns, config.alertTopicArn());
        Priming.registerCalls(() -> ledger.lastState("priming"),
                () -> sns.getTopicAttributes(r -> r.topicArn(config.alertTopicArn())));
        return new Reporting(ledger, new FindingReporter(ledger, alerts, EmbeddedMetrics.standardOutput(),
                config.mode()));
    }
}
