package guardrails.rdpstickiness;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.local.AlertInbox;
import guardrails.local.CloudTrailEvents;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.StandIn;
import guardrails.local.Template;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** G6 against the local emulator: session hosts behind a Network Load Balancer, through the real SDK clients. */
class RdpStickinessEndToEndTest {

    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    static final LocalAws AWS = LocalAws.shared();
    static final String FUNCTION = "RdpStickinessFunction";

    FieldScenario scenario;

    @BeforeEach
    void freshAccount() {
        AWS.reset();
    }

    LocalAws.Deployment deploy(String mode) {
        LocalAws.Deployment deployment = AWS.deploy(mode);
        scenario = FieldScenario.seed(AWS);
        return deployment;
    }

    static LocalInvoker handler(LocalAws.Deployment deployment) {
        return new LocalInvoker(Template.load().function(FUNCTION), deployment.environment());
    }

    static String created(String targetGroupArn) {
        return CloudTrailEvents.targetGroupCall("aws.elasticloadbalancing-CreateTargetGroup.json", targetGroupArn);
    }

    static long callsTo(String operation) {
        return AWS.standIn().calls().stream().filter(operation::equals).count();
    }

    @Test
    void aNewRdpTargetGroupWithoutStickinessIsMadeStickyAndAlertedOnce() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE");
        String group = scenario.rdpLoadBalancer("rdp-hosts", "TCP");
        assertEquals("false", scenario.stickiness(group), "CreateTargetGroup leaves it off");
        LocalInvoker handler = handler(deployment);

        JsonNode result = CloudTrailEvents.parse(handler.invoke(created(group), QUIET));

        assertEquals("handled", result.path("status").asText());
        assertEquals("true", scenario.stickiness(group));
        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(1, alerts.size());
        AlertInbox.Alert alert = alerts.get(0);
        assertEquals(RdpStickinessRules.NOT_STICKY, alert.rule());
        assertEquals("WARNING", alert.severity());
        assertEquals(group, alert.resourceId());
        assertTrue(alert.field("seen").contains("behind rdp-hosts-nlb") && alert.field("seen").contains("port 3389"),
                alert.field("seen"));
        assertTrue(alert.field("actionTaken").startsWith("Turned on source-IP stickiness"), alert.field("actionTaken"));
        // What to do follows what was done: nothing to run, not the command that did it.
        assertTrue(alert.field("operatorAction").startsWith("Nothing to run. Trade-off:"), alert.field("operatorAction"));
        assertFalse(alert.field("operatorAction").contains("modify-target-group-attributes"));

        handler.invoke(created(group), QUIET); // the same event again
        assertTrue(deployment.inbox().drain().isEmpty(), "once only");

        handler.invoke(CloudTrailEvents.schedule(), QUIET);
        assertTrue(deployment.inbox().drain().isEmpty(), "the fix it made is not news on the next sweep");
        assertEquals(1, callsTo("ModifyTargetGroupAttributes"), "changed once");
    }

    @Test
    void inAlertModeNothingIsChangedAndTheAlertSaysWhatWouldBe() throws Exception {
        LocalAws.Deployment deployment = deploy("ALERT");
        String group = scenario.rdpLoadBalancer("rdp-hosts", "TCP");

        handler(deployment).invoke(created(group), QUIET);

        assertEquals("false", scenario.stickiness(group));
        assertTrue(deployment.inbox().drain().get(0).field("actionTaken").startsWith("Nothing (mode is ALERT). In"
                + " REMEDIATE mode the guardrail would turn on source-IP stickiness on rdp-hosts"));
        assertEquals(0, callsTo("ModifyTargetGroupAttributes"));
    }

    @Test
    void turningStickinessOffAgainIsCaughtOnTheModifyCall() throws Exception {
        LocalAws.Deployment deployment = deploy("ALERT");
        String group = scenario.rdpLoadBalancer("rdp-hosts", "TCP");
        LocalInvoker handler = handler(deployment);
        var elb = AWS.client(ElasticLoadBalancingV2Client.builder());
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(group).attributes(a -> a.key("stickiness.enabled")
                .value("true")));
        handler.invoke(CloudTrailEvents.schedule(), QUIET);
        assertTrue(deployment.inbox().drain().isEmpty(), "a sticky group is not news");

        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(group).attributes(a -> a.key("stickiness.enabled")
                .value("false")));
        handler.invoke(CloudTrailEvents.targetGroupCall("aws.elasticloadbalancing-ModifyTargetGroupAttributes.json",
                group), QUIET);

        assertEquals(List.of(RdpStickinessRules.NOT_STICKY), deployment.inbox().drain().stream()
                .map(AlertInbox.Alert::rule).toList());
    }

    @Test
    void stickyAgainIsReportedWhenSomeoneElseFixesIt() throws Exception {
        LocalAws.Deployment deployment = deploy("ALERT");
        String group = scenario.rdpLoadBalancer("rdp-hosts", "TCP");
        LocalInvoker handler = handler(deployment);
        handler.invoke(CloudTrailEvents.schedule(), QUIET);
        assertEquals(List.of(RdpStickinessRules.NOT_STICKY), deployment.inbox().drain().stream()
                .map(AlertInbox.Alert::rule).toList());

        AWS.client(ElasticLoadBalancingV2Client.builder()).modifyTargetGroupAttributes(r -> r.targetGroupArn(group)
                .attributes(a -> a.key("stickiness.enabled").value("true"), a -> a.key("stickiness.type")
                        .value("source_ip")));
        handler.invoke(CloudTrailEvents.schedule(), QUIET);

        List<AlertInbox.Alert> after = deployment.inbox().drain();
        assertEquals(List.of(RdpStickinessRules.STICKY_AGAIN), after.stream().map(AlertInbox.Alert::rule).toList());
        assertEquals("INFO", after.get(0).severity());
    }

    @Test
    void anExemptGroupIsAnnouncedOnceAndNeverChanged() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE");
        String group = scenario.rdpLoadBalancer("rdp-hosts", "TCP");
        AWS.client(ElasticLoadBalancingV2Client.builder()).addTags(r -> r.resourceArns(group)
                .tags(Tag.builder().key("guardrails:exempt").value("true").build()));
        LocalInvoker handler = handler(deployment);

        handler.invoke(created(group), QUIET);
        handler.invoke(CloudTrailEvents.schedule(), QUIET);

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(List.of(guardrails.shared.lifecycle.Lifecycle.EXEMPT), alerts.stream()
                .map(AlertInbox.Alert::rule).toList(), "said once, never silently");
        assertEquals("false", scenario.stickiness(group));

        AWS.client(ElasticLoadBalancingV2Client.builder()).removeTags(r -> r.resourceArns(group)
                .tagKeys("guardrails:exempt"));
        handler.invoke(CloudTrailEvents.schedule(), QUIET);
        assertEquals("true", scenario.stickiness(group), "the exemption lifted, the known problem is fixed");
        assertEquals(List.of(RdpStickinessRules.NOT_STICKY), deployment.inbox().drain().stream()
                .map(AlertInbox.Alert::rule).toList());
    }

    @Test
    void aRefusedChangeIsReportedAsSuch() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE");
        String group = scenario.rdpLoadBalancer("rdp-hosts", "TCP");
        // InvalidConfigurationRequest (400) is what ModifyTargetGroupAttributes declares for a change it refuses
        // (elasticloadbalancingv2/2015-12-01/service-2.json).
        AWS.standIn().serve("ModifyTargetGroupAttributes", call -> StandIn.queryError(400,
                "InvalidConfigurationRequest", "stickiness is not supported here"));
        try {
            handler(deployment).invoke(created(group), QUIET);
        } finally {
            AWS.standIn().stopServing("ModifyTargetGroupAttributes");
        }

        // A refusal a retry cannot change: one CRITICAL "could not fix", and no further attempt.
        AlertInbox.Alert alert = deployment.inbox().drain().get(0);
        assertEquals("CRITICAL", alert.severity(), alert.field("actionTaken"));
        assertTrue(alert.field("actionTaken").contains("AWS refused it (InvalidConfigurationRequest, HTTP 400)"),
                alert.field("actionTaken"));
        assertEquals("false", scenario.stickiness(group));
    }

    /**
     * An RD Gateway farm needs each session's two connections on one gateway: its tagged group behind an Application
     * Load Balancer gets cookie stickiness (the only kind AWS allows on HTTPS), behind a Network Load Balancer
     * source-IP; an untagged HTTPS group is not G6's business.
     */
    @Test
    void rdGatewayFarmsGetTheStickinessTheirProtocolAllows() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE");
        String behindAlb = scenario.rdGatewayFarm("rdgw-alb", "HTTPS");
        String behindNlb = scenario.rdGatewayFarm("rdgw-nlb", "TCP");
        var elb = AWS.client(ElasticLoadBalancingV2Client.builder());
        String web = elb.createTargetGroup(r -> r.name("web").protocol("HTTPS").port(443).vpcId(scenario.vpcId))
                .targetGroups().get(0).targetGroupArn();
        // AWS refuses source-IP stickiness on an HTTP(S) group, and the emulator with it: G6 must not ask for it.
        var refused = org.junit.jupiter.api.Assertions.assertThrows(
                software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidConfigurationRequestException.class,
                () -> elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(web).attributes(
                        software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute.builder()
                                .key("stickiness.type").value("source_ip").build())));
        assertEquals("InvalidConfigurationRequest", refused.awsErrorDetails().errorCode());

        handler(deployment).invoke(CloudTrailEvents.schedule(), QUIET);

        assertEquals("true", scenario.stickiness(behindAlb));
        assertEquals("lb_cookie", scenario.stickinessType(behindAlb));
        assertEquals("true", scenario.stickiness(behindNlb));
        assertEquals("source_ip", scenario.stickinessType(behindNlb));
        assertEquals("false", scenario.stickiness(web), "untagged: not an RD Gateway farm");
        var alerts = deployment.inbox().drain().stream().collect(java.util.stream.Collectors.toMap(
                AlertInbox.Alert::resourceId, a -> a));
        assertEquals(java.util.Set.of(behindAlb, behindNlb), alerts.keySet());
        AlertInbox.Alert alb = alerts.get(behindAlb);
        assertEquals(RdpStickinessRules.GATEWAY_NOT_STICKY, alb.rule());
        assertTrue(alb.field("actionTaken").startsWith("Turned on cookie (lb_cookie) stickiness"),
                alb.field("actionTaken"));
        assertTrue(alb.field("whyItMatters").contains("two connections"), alb.field("whyItMatters"));
        assertTrue(alerts.get(behindNlb).field("actionTaken").startsWith("Turned on source-IP stickiness"));

        handler(deployment).invoke(CloudTrailEvents.schedule(), QUIET);
        assertTrue(deployment.inbox().drain().isEmpty(), "fixed: quiet on the next sweep");
    }

    /** RegisterTargets names each target's port: targets on 3389 carry RDP whatever the group's own port. */
    @Test
    void targetsRegisteredOnPort3389MakeAGroupOnAnotherPortAnRdpGroupAtNoExtraCall() throws Exception {
        LocalAws.Deployment deployment = deploy("ALERT");
        var elb = AWS.client(ElasticLoadBalancingV2Client.builder());
        String group = elb.createTargetGroup(r -> r.name("hosts-8080").protocol("TCP").port(8080)
                .vpcId(scenario.vpcId).targetType("instance")).targetGroups().get(0).targetGroupArn();
        String registered = CloudTrailEvents.targetGroupCall("aws.elasticloadbalancing-RegisterTargets.json", group);
        com.fasterxml.jackson.databind.node.ObjectNode on8080 = (com.fasterxml.jackson.databind.node.ObjectNode)
                CloudTrailEvents.parse(registered);
        on8080.path("detail").path("requestParameters").path("targets").forEach(t ->
                ((com.fasterxml.jackson.databind.node.ObjectNode) t).put("port", 8080));
        LocalInvoker handler = handler(deployment);

        handler.invoke(on8080.toString(), QUIET);
        assertTrue(deployment.inbox().drain().isEmpty(), "targets on 8080: no RDP here");

        AWS.standIn().resetCalls();
        handler.invoke(registered, QUIET); // the sample's targets are on 3389

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(List.of(RdpStickinessRules.NOT_STICKY), alerts.stream().map(AlertInbox.Alert::rule).toList());
        assertTrue(alerts.get(0).field("seen").contains("(TCP 8080, with targets registered on port 3389"),
                alerts.get(0).field("seen"));
        assertEquals(1, callsTo("DescribeTargetGroups"), "the call's own ports: no extra read");
    }

    @Test
    void aCallNamingATargetGroupThatIsGoneSaysSoInOneLine() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE");
        String gone = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gone/0123456789abcdef";
        ByteArrayOutputStream lines = new ByteArrayOutputStream();

        JsonNode result = CloudTrailEvents.parse(handler(deployment).invoke(created(gone),
                new PrintStream(lines, true, StandardCharsets.UTF_8)));

        assertEquals(0, result.path("findings").size());
        List<String> said = lines.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"message\":\"target group not found: nothing to check\"")).toList();
        assertEquals(1, said.size(), lines.toString(StandardCharsets.UTF_8));
        assertTrue(said.get(0).contains(gone), said.get(0));
    }

    @Test
    void aSweepCostsPagesPlusOneAttributeReadPerRdpGroup() throws Exception {
        LocalAws.Deployment deployment = deploy("ALERT");
        var elb = AWS.client(ElasticLoadBalancingV2Client.builder());
        for (int i = 0; i < 5; i++) {
            int n = i;
            elb.createTargetGroup(r -> r.name("web-" + n).protocol("HTTPS").port(443).vpcId(scenario.vpcId));
        }
        scenario.rdpLoadBalancer("rdp-a", "TCP");
        scenario.rdpLoadBalancer("rdp-b", "TCP");
        AWS.standIn().resetCalls();

        handler(deployment).invoke(CloudTrailEvents.schedule(), QUIET);

        assertEquals(1, callsTo("DescribeTargetGroups"), "one page of up to 400 groups");
        assertEquals(2, callsTo("DescribeTargetGroupAttributes"), "only the groups on 3389");
        assertEquals(1, callsTo("DescribeTags"), "one call per 20 groups: an RD Gateway farm's is known by its tag");
        assertEquals(2, callsTo("DescribeTargetHealth"), "targets named in each alert");
        assertEquals(2, deployment.inbox().drain().size());
    }
}
