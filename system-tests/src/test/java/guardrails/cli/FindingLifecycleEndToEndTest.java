package guardrails.cli;

import guardrails.local.AlertInbox;
import guardrails.local.CloudTrailEvents;
import guardrails.local.FieldKit;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.StandIn;
import guardrails.local.Template;
import guardrails.shared.channels.AlertChannel;
import guardrails.shared.channels.SecurityHubChannel;
import guardrails.shared.channels.SnsAlertChannel;
import guardrails.shared.config.Mode;
import guardrails.shared.config.ModeSwitch;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import guardrails.shared.lifecycle.DynamoDbClaims;
import guardrails.shared.lifecycle.DynamoDbLifecycleStore;
import guardrails.shared.lifecycle.DynamoDbRememberedStates;
import guardrails.shared.lifecycle.Examined;
import guardrails.shared.lifecycle.Problem;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.GuardrailMetrics;
import guardrails.shared.reporting.Tracker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The finding lifecycle end to end, through the real handlers on the emulator: the roll-out every user makes (a week
 * in ALERT, then the mode parameter switched to REMEDIATE, and back), fixes that fail for a while or for good, and
 * Security Hub's part (resolved after a fix, refreshed before it expires, not enabled at all).
 */
class FindingLifecycleEndToEndTest {

    static final LocalAws AWS = LocalAws.shared();
    /** The calls by which a guardrail acts, as each guardrail's field kit names them. */
    static final Set<String> ACTING_CALLS = FieldKit.everyActingCall();
    LocalAws.Deployment deployment;
    FieldScenario scenario;

    @BeforeEach
    void fieldScenario() {
        AWS.reset();
        deployment = AWS.deploy("ALERT");
        scenario = FieldScenario.seed(AWS);
    }

    /** The field cases of the guardrails that act: each names the rule REMEDIATE fixes in it. */
    static Stream<FieldKit> actingCases() {
        return FieldKit.all().stream().filter(c -> c.fixedRule().isPresent());
    }

    /** The function as deployed, reading its mode from its parameter, set to {@code mode} first. */
    LocalInvoker in(String function, String mode, Map<String, String> extra) {
        String parameter = "/workspaces-guardrails/" + function + "/mode";
        AWS.client(SsmClient.builder()).putParameter(r -> r.name(parameter).value(mode).type("String").overwrite(true));
        var env = new java.util.HashMap<>(deployment.environmentWith("MODE_PARAMETER", parameter));
        env.putAll(extra);
        // A new container: the mode parameter is cached for a minute in each.
        return new LocalInvoker(Template.load().function(function), env);
    }

    LocalInvoker in(String function, String mode) {
        return in(function, mode, Map.of());
    }

    static List<String> acting() {
        return AWS.standIn().calls().stream().filter(ACTING_CALLS::contains).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actingCases")
    void aProblemFoundInAlertModeIsFixedOnceTheModeIsRemediateAndNothingActsBackInAlert(FieldKit c)
            throws Exception {
        String event = c.arrange(scenario);
        AWS.standIn().resetCalls();
        in(c.function(), "ALERT").run(event);
        String rule = c.fixedRule().orElseThrow();
        assertTrue(deployment.inbox().drain().stream().anyMatch(a -> a.rule().equals(rule)
                && a.field("actionTaken").startsWith("Nothing (mode is ALERT).")), "found and alerted in ALERT mode");
        assertEquals(List.of(), acting());

        in(c.function(), "REMEDIATE").run(CloudTrailEvents.schedule());

        assertEquals(1, acting().size(), "fixed on the next run: " + acting());
        List<AlertInbox.Alert> fixed = deployment.inbox().drain();
        assertEquals(List.of(rule), fixed.stream().map(AlertInbox.Alert::rule).toList(), "one alert");
        assertTrue(fixed.get(0).field("actionTaken").contains("Open since "), fixed.get(0).field("actionTaken"));

        AWS.standIn().resetCalls();
        in(c.function(), "ALERT").run(CloudTrailEvents.schedule());
        assertEquals(List.of(), acting(), "back in ALERT mode nothing acts");
        assertTrue(deployment.inbox().drain().stream().noneMatch(a -> a.rule().equals(rule)), "and nothing is news");
    }

    @Test
    void aRevokeThrottledTwiceIsDoneOnTheThirdRunWithOneAlert() throws Exception {
        String bastion = scenario.securityGroup("rdp-admin", false);
        String rule = scenario.openToTheWorld(bastion, "tcp", 3389, 3389);
        in("NetworkExposureFunction", "ALERT").run(CloudTrailEvents.securityGroupCall(
                "aws.ec2-AuthorizeSecurityGroupIngress.json", bastion, rule));
        assertEquals(1, deployment.inbox().drain().size());

        // RequestLimitExceeded is EC2's throttling error (503): the SDK's own retries fail too, for two whole runs.
        AWS.standIn().serve("RevokeSecurityGroupIngress", call -> StandIn.ec2Error(503, "RequestLimitExceeded",
                "Request limit exceeded."));
        try {
            for (int run = 1; run <= 2; run++) {
                in("NetworkExposureFunction", "REMEDIATE").run(CloudTrailEvents.schedule());
                assertTrue(deployment.inbox().drain().isEmpty(), "run " + run + ": quiet, tried again later");
                assertEquals(1, scenario.inboundRules(bastion).size());
            }
        } finally {
            AWS.standIn().stopServing("RevokeSecurityGroupIngress");
        }
        in("NetworkExposureFunction", "REMEDIATE").run(CloudTrailEvents.schedule());

        assertEquals(List.of(), scenario.inboundRules(bastion), "revoked on the third run");
        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(1, alerts.size());
        assertTrue(alerts.get(0).field("actionTaken").startsWith("Revoked " + rule), alerts.get(0).field("actionTaken"));
    }

    @Test
    void afterItsOwnFixAGuardrailsSecurityHubFindingIsResolvedAndArchived() throws Exception {
        SecurityHubClient hub = AWS.client(SecurityHubClient.builder());
        hub.enableSecurityHub(r -> { });
        Map<String, String> withHub = Map.of("SECURITY_HUB_FINDINGS", "Enabled");
        String bastion = scenario.securityGroup("rdp-admin", false);
        String rule = scenario.openToTheWorld(bastion, "tcp", 3389, 3389);
        String group = scenario.rdpLoadBalancer("rdp-hosts", "TCP");
        in("NetworkExposureFunction", "ALERT", withHub).run(CloudTrailEvents.schedule());
        in("RdpStickinessFunction", "ALERT", withHub).run(CloudTrailEvents.schedule());
        Map<String, AwsSecurityFinding> open = findings(hub);
        AwsSecurityFinding exposure = open.get("RDP_OPEN_TO_WORLD");
        assertEquals("ACTIVE", exposure.recordStateAsString());
        assertEquals("arn:aws:ec2:us-east-1:" + LocalAws.ACCOUNT + ":security-group/" + bastion,
                exposure.resources().get(0).id(), "ASFF: the resource's ARN");
        assertEquals(group, open.get("RDP_TARGET_GROUP_NOT_STICKY").resources().get(0).id());

        in("NetworkExposureFunction", "REMEDIATE", withHub).run(CloudTrailEvents.schedule());
        in("RdpStickinessFunction", "REMEDIATE", withHub).run(CloudTrailEvents.schedule());

        assertEquals(List.of(), scenario.inboundRules(bastion));
        assertEquals("true", scenario.stickiness(group));
        Map<String, AwsSecurityFinding> after = findings(hub);
        for (String fixed : List.of("RDP_OPEN_TO_WORLD", "RDP_TARGET_GROUP_NOT_STICKY")) {
            AwsSecurityFinding finding = after.get(fixed);
            assertEquals(List.of("RESOLVED", "ARCHIVED"), List.of(finding.workflow().statusAsString(),
                    finding.recordStateAsString()), fixed);
            assertEquals(open.get(fixed).createdAt(), finding.createdAt(), "first seen, kept");
        }
        assertTrue(rule.startsWith("sgr-"));
    }

    @Test
    void whereSecurityHubIsNotEnabledEveryAlertGoesOutOnceWithOneWarning() throws Exception {
        // Security Hub's answer where it is not enabled: InvalidAccessException, 401 (securityhub/2018-10-26).
        AWS.standIn().serve("/findings/import", call -> StandIn.Reply.error(401, "InvalidAccessException",
                "Account is not subscribed to AWS Security Hub", "\"Code\":\"InvalidAccessException\""));
        try {
            for (String name : List.of("rdp-a", "rdp-b")) {
                String group = scenario.securityGroup(name, false);
                scenario.openToTheWorld(group, "tcp", 3389, 3389);
            }
            LocalInvoker handler = in("NetworkExposureFunction", "ALERT", Map.of("SECURITY_HUB_FINDINGS",
                    "Enabled"));
            handler.run(CloudTrailEvents.schedule()); // does not fail: nothing to retry
            String third = scenario.securityGroup("rdp-c", false);
            scenario.openToTheWorld(third, "tcp", 3389, 3389);
            handler.run(CloudTrailEvents.schedule());
        } finally {
            AWS.standIn().stopServing("/findings/import");
        }

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(3, alerts.stream().filter(a -> a.rule().equals("RDP_OPEN_TO_WORLD")).count(), "each once");
        List<AlertInbox.Alert> warnings = alerts.stream().filter(a -> a.rule().equals(
                FindingReporter.SECURITY_HUB_NOT_ENABLED)).toList();
        assertEquals(1, warnings.size(), "one warning per account and Region");
        assertEquals("WARNING", warnings.get(0).severity());
        assertTrue(warnings.get(0).field("operatorAction").contains("aws securityhub enable-security-hub --region"
                + " us-east-1"), warnings.get(0).field("operatorAction"));
    }

    @Test
    void anOpenProblemIsImportedAgainBeforeItExpiresWithItsFirstSeenTimeAndNoEmail() {
        SecurityHubClient hub = AWS.client(SecurityHubClient.builder());
        hub.enableSecurityHub(r -> { });
        Instant t0 = Instant.parse("2026-09-01T00:00:00Z");
        var context = new AlertChannel.AlertContext(LocalAws.ACCOUNT, LocalAws.REGION, "sweep");
        Finding open = new Finding("G5-network-exposure", "RDP_OPEN_TO_WORLD", Severity.CRITICAL,
                "sg-0123456789abcdef0", List.of(), "RDP is open", "seen", "why", "None.", "Revoke it.");
        List<Examined> sweep = List.of(new Examined("sg-0123456789abcdef0", false,
                List.of(Problem.alertOnly(open, "sgr-1")), closed -> Optional.empty()));

        tracker(t0).track(sweep, context);
        AwsSecurityFinding first = findings(hub).get("RDP_OPEN_TO_WORLD");
        assertEquals(1, deployment.inbox().drain().size());

        tracker(t0.plus(Duration.ofDays(29))).track(sweep, context);
        assertEquals(first.updatedAt(), findings(hub).get("RDP_OPEN_TO_WORLD").updatedAt(), "not yet");

        tracker(t0.plus(Duration.ofDays(31))).track(sweep, context);
        AwsSecurityFinding refreshed = findings(hub).get("RDP_OPEN_TO_WORLD");
        assertEquals(t0.plus(Duration.ofDays(31)).toString(), refreshed.updatedAt());
        assertEquals(t0.toString(), refreshed.createdAt(), "CreatedAt: when it was first seen");
        assertEquals("ACTIVE", refreshed.recordStateAsString());
        assertTrue(deployment.inbox().drain().isEmpty(), "Security Hub only: no email");
    }

    @Test
    void newWorkSpacesOnAOneWayTrustMakeOneAlertAboutTheTrustHoweverManyCalls() throws Exception {
        LocalInvoker handler = in("WorkspaceCreationFunction", "ALERT");
        for (int call = 0; call < 2; call++) {
            handler.run(CloudTrailEvents.createWorkspaces("aws.workspaces-CreateWorkspaces-trusted-user-linux.json",
                    scenario.directoryId, FieldScenario.TRUSTED_USER, FieldScenario.LINUX_BUNDLE,
                    scenario.createWorkspace(FieldScenario.TRUSTED_USER, FieldScenario.LINUX_BUNDLE)));
        }

        List<String> rules = deployment.inbox().drain().stream().map(AlertInbox.Alert::rule).sorted().toList();
        assertEquals(List.of("TRUSTED_USER_ON_NON_WINDOWS_BUNDLE", "TRUSTED_USER_ON_NON_WINDOWS_BUNDLE",
                "USERS_ON_ONE_WAY_TRUST"), rules, "one per WorkSpace, one for the trust's state");
    }

    /** The deployed reporting end on the emulator, on a clock the test sets. */
    Tracker tracker(Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        var claims = new DynamoDbClaims(AWS.client(DynamoDbClient.builder()), deployment.table(),
                Duration.ofDays(30), Duration.ofMinutes(2), clock);
        var states = new DynamoDbRememberedStates(AWS.client(DynamoDbClient.builder()), deployment.table(), clock);
        var reporter = new FindingReporter(claims, states, new SnsAlertChannel(AWS.client(SnsClient.builder()),
                deployment.topicArn()), new SecurityHubChannel(AWS.client(SecurityHubClient.builder()), f -> false,
                clock), GuardrailMetrics.discarding(), ModeSwitch.fixed(Mode.ALERT));
        return new Tracker("G5-network-exposure", new DynamoDbLifecycleStore(AWS.client(DynamoDbClient.builder()),
                deployment.table(), clock), reporter, clock);
    }

    /** The account's findings by rule (the last part of their Id). */
    static Map<String, AwsSecurityFinding> findings(SecurityHubClient hub) {
        Map<String, AwsSecurityFinding> byRule = new java.util.HashMap<>();
        hub.getFindings(r -> { }).findings().forEach(f -> byRule.put(f.id().substring(f.id().lastIndexOf('/') + 1),
                f));
        assertFalse(byRule.isEmpty(), "Security Hub holds findings");
        return byRule;
    }
}
