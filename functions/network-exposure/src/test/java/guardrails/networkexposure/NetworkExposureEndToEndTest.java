package guardrails.networkexposure;

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
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** G5 against the local emulator: the field scenario's directory, its groups and an admin's RDP group. */
class NetworkExposureEndToEndTest {

    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    static final LocalAws AWS = LocalAws.shared();
    static final String FUNCTION = "NetworkExposureFunction";

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

    static LocalInvoker handler(Map<String, String> environment) {
        return new LocalInvoker(Template.load().function(FUNCTION), environment);
    }

    static String authorized(String groupId, String ruleId) {
        return CloudTrailEvents.securityGroupCall("aws.ec2-AuthorizeSecurityGroupIngress.json", groupId, ruleId);
    }

    static long callsTo(String operation) {
        return AWS.standIn().calls().stream().filter(operation::equals).count();
    }

    @Test
    void rdpOpenedToTheWorldIsRevokedAndAlertedOnce() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE");
        String bastion = scenario.securityGroup("rdp-admin", false);
        String rule = scenario.openToTheWorld(bastion, "tcp", 3389, 3389);
        LocalInvoker handler = handler(deployment.environment());

        JsonNode result = CloudTrailEvents.parse(handler.invoke(authorized(bastion, rule), QUIET));

        assertEquals("handled", result.path("status").asText());
        assertEquals(List.of(), scenario.inboundRules(bastion), "the world rule is gone");
        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(1, alerts.size());
        AlertInbox.Alert alert = alerts.get(0);
        assertEquals(NetworkExposureRules.Exposure.RDP_OPEN.rule, alert.rule());
        assertEquals("CRITICAL", alert.severity());
        assertEquals(bastion, alert.resourceId());
        assertTrue(alert.field("actionTaken").startsWith("Revoked " + rule + " on " + bastion),
                alert.field("actionTaken"));
        assertTrue(alert.field("operatorAction").startsWith("Nothing to run. Connect through Session Manager"),
                "what is left after the revoke, not the revoke: " + alert.field("operatorAction"));
        assertTrue(alert.field("commands").contains("AWS-StartPortForwardingSession"));
        assertFalse(alert.field("commands").contains("revoke-security-group-ingress"), "the revoke was done");
        assertTrue(alert.subject().startsWith("[CRITICAL] Revoked RDP from the internet on security group " + bastion),
                alert.subject());

        handler.invoke(authorized(bastion, rule), QUIET); // the same event again
        assertTrue(deployment.inbox().drain().isEmpty(), "once only");
        handler.invoke(CloudTrailEvents.schedule(), QUIET);
        assertTrue(deployment.inbox().drain().isEmpty(), "the rule it revoked is not news on the next sweep");
        assertEquals(1, callsTo("RevokeSecurityGroupIngress"), "revoked once");
    }

    @Test
    void inAlertModeNothingIsRevokedAndTheAlertSaysWhatWouldBe() throws Exception {
        LocalAws.Deployment deployment = deploy("ALERT");
        String bastion = scenario.securityGroup("rdp-admin", false);
        String rule = scenario.openToTheWorld(bastion, "tcp", 3389, 3389);

        handler(deployment.environment()).invoke(authorized(bastion, rule), QUIET);

        assertEquals(1, scenario.inboundRules(bastion).size());
        assertTrue(deployment.inbox().drain().get(0).field("actionTaken").startsWith("Nothing (mode is ALERT). In"
                + " REMEDIATE mode the guardrail would revoke " + rule + " on " + bastion));
        assertEquals(0, callsTo("RevokeSecurityGroupIngress"));
    }

    @Test
    void controllersOpenToTheWorldAreReportedWithTheirTightenedRulesButNotTouchedWithoutRanges() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE");
        List<String> rules = scenario.openControllersToTheWorld();
        AWS.standIn().resetCalls();

        handler(deployment.environment()).invoke(CloudTrailEvents.schedule(), QUIET);

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(List.of(NetworkExposureRules.Exposure.CONTROLLERS_OPEN.rule), alerts.stream()
                .map(AlertInbox.Alert::rule).toList());
        AlertInbox.Alert alert = alerts.get(0);
        assertEquals("WARNING", alert.severity());
        assertEquals(scenario.controllersGroup(), alert.resourceId());
        assertTrue(alert.subject().contains(scenario.directoryId) && alert.subject().contains("17 rules"),
                alert.subject());
        assertTrue(alert.field("seen").contains("udp 53") && alert.field("seen").contains("tcp 3268-3269"),
                alert.field("seen"));
        assertTrue(alert.field("operatorAction").contains("the VPC's range (" + FieldScenario.VPC_CIDR + ")"),
                alert.field("operatorAction"));
        assertTrue(alert.field("operatorAction").contains(FieldScenario.TRUSTED_DOMAIN), "names the trust");
        assertEquals(rules.size(), scenario.inboundRules(scenario.controllersGroup()).size(), "nothing cut off");
        assertEquals(0, callsTo("RevokeSecurityGroupIngress") + callsTo("AuthorizeSecurityGroupIngress"));
    }

    @Test
    void withRangesToAllowTheControllersWorldRulesAreReplacedSamePorts() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE");
        scenario.openControllersToTheWorld();
        LocalInvoker handler = handler(deployment.environmentWith("CONTROLLERS_ALLOWED_CIDRS", "192.168.10.0/24"));

        handler.invoke(CloudTrailEvents.schedule(), QUIET);

        List<String> now = scenario.inboundRules(scenario.controllersGroup());
        assertTrue(now.stream().noneMatch(rule -> rule.endsWith(" 0.0.0.0/0")), now.toString());
        assertEquals(17, now.stream().filter(rule -> rule.endsWith(" " + FieldScenario.VPC_CIDR)).count(), now.toString());
        assertEquals(17, now.stream().filter(rule -> rule.endsWith(" 192.168.10.0/24")).count(), now.toString());
        assertTrue(now.stream().anyMatch(rule -> rule.endsWith(" tcp 3268-3269 192.168.10.0/24")), now.toString());
        String action = deployment.inbox().drain().get(0).field("actionTaken");
        assertTrue(action.startsWith("Allowed udp 53, ") && action.contains("Then revoked the world rules"), action);

        handler.invoke(CloudTrailEvents.schedule(), QUIET);
        assertTrue(deployment.inbox().drain().isEmpty(), "the replacement is not news on the next sweep");
    }

    /**
     * The field's 17 world rules and three ranges to allow: replacing all before revoking any would pass the 60 rules
     * a group holds per address family (moto enforces it: RulesPerSecurityGroupLimitExceeded); rule by rule fits.
     */
    @Test
    void seventeenWorldRulesAndThreeRangesAreReplacedRuleByRuleWithinTheQuota() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE");
        scenario.openControllersToTheWorld();
        LocalInvoker handler = handler(deployment.environmentWith("CONTROLLERS_ALLOWED_CIDRS",
                "192.168.10.0/24,192.168.20.0/24"));

        handler.invoke(CloudTrailEvents.schedule(), QUIET);

        List<String> now = scenario.inboundRules(scenario.controllersGroup());
        assertTrue(now.stream().noneMatch(rule -> rule.endsWith(" 0.0.0.0/0")), now.toString());
        assertEquals(51, now.size(), "17 rules, each from three ranges");
        assertTrue(deployment.inbox().drain().get(0).field("actionTaken").contains("each right after its replacement"));
    }

    /** When even rule by rule would pass the quota, nothing changes and the alert gives the plan. */
    @Test
    void aReplacementThatCannotFitTheQuotaChangesNothingAndSaysWhy() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE");
        List<String> world = scenario.openControllersToTheWorld();
        AWS.standIn().resetCalls();
        LocalInvoker handler = handler(deployment.environmentWith("CONTROLLERS_ALLOWED_CIDRS",
                "192.168.10.0/24,192.168.20.0/24,192.168.30.0/24"));

        handler.invoke(CloudTrailEvents.schedule(), QUIET);

        assertEquals(world.size(), scenario.inboundRules(scenario.controllersGroup()).size(), "left as it was");
        assertEquals(0, AWS.standIn().calls().stream().filter("AuthorizeSecurityGroupIngress"::equals).count());
        AlertInbox.Alert alert = deployment.inbox().drain().get(0);
        assertEquals("CRITICAL", alert.severity());
        assertTrue(alert.field("actionTaken").contains("would pass the quota of 60 inbound rules per address family"
                + " (69 at its peak), so nothing was changed"), alert.field("actionTaken"));
        assertTrue(alert.field("operatorAction").contains("Raise the quota in Service Quotas"),
                alert.field("operatorAction"));
    }

    @Test
    void aWorldRuleOnWorkspacesMembersIsCaughtOnTheModifyCallAndRevoked() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE");
        String members = scenario.workspacesMembersGroup();
        String rule = scenario.openToTheWorld(members, "tcp", 443, 443);

        handler(deployment.environment()).invoke(CloudTrailEvents.securityGroupCall(
                "aws.ec2-ModifySecurityGroupRules.json", members, rule), QUIET);

        AlertInbox.Alert alert = deployment.inbox().drain().get(0);
        assertEquals(NetworkExposureRules.Exposure.MEMBERS_OPEN.rule, alert.rule());
        assertEquals("WARNING", alert.severity());
        assertTrue(alert.field("seen").contains(scenario.directoryId), alert.field("seen"));
        assertEquals(List.of(), scenario.inboundRules(members));
    }

    /** WorkSpaces puts the directory's custom security group on its WorkSpaces too: watched like the members group. */
    @Test
    void aWorldRuleOnTheDirectorysCustomSecurityGroupIsRevokedLikeOneOnItsMembersGroup() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE");
        String custom = scenario.securityGroup("workspaces-custom", false);
        AWS.client(software.amazon.awssdk.services.workspaces.WorkSpacesClient.builder())
                .modifyWorkspaceCreationProperties(r -> r.resourceId(scenario.directoryId)
                        .workspaceCreationProperties(p -> p.customSecurityGroupId(custom)));
        String rule = scenario.openToTheWorld(custom, "tcp", 8443, 8443);

        handler(deployment.environment()).invoke(CloudTrailEvents.securityGroupCall(
                "aws.ec2-AuthorizeSecurityGroupIngress.json", custom, rule), QUIET);

        AlertInbox.Alert alert = deployment.inbox().drain().get(0);
        assertEquals(NetworkExposureRules.Exposure.MEMBERS_OPEN.rule, alert.rule());
        assertTrue(alert.field("seen").contains(scenario.directoryId), alert.field("seen"));
        assertEquals(List.of(), scenario.inboundRules(custom), "revoked: a port that is not RDP, on a WorkSpaces group");
    }

    /** A prefix list holding 0.0.0.0/0 opens a rule to the world as surely as the range itself. */
    @Test
    void rdpOpenThroughAPrefixListHoldingTheWorldIsRevoked() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE");
        var ec2 = AWS.client(software.amazon.awssdk.services.ec2.Ec2Client.builder());
        String world = ec2.createManagedPrefixList(r -> r.prefixListName("anywhere").addressFamily("IPv4")
                .maxEntries(5).entries(e -> e.cidr("0.0.0.0/0"))).prefixList().prefixListId();
        String office = ec2.createManagedPrefixList(r -> r.prefixListName("office").addressFamily("IPv4")
                .maxEntries(5).entries(e -> e.cidr("203.0.113.0/24"))).prefixList().prefixListId();
        String bastion = scenario.securityGroup("rdp-admin", false);
        for (String list : List.of(world, office)) {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(bastion).ipPermissions(p -> p.ipProtocol("tcp")
                    .fromPort(3389).toPort(3389).prefixListIds(pl -> pl.prefixListId(list))));
        }
        assertEquals(2, scenario.inboundRules(bastion).size());
        AWS.standIn().resetCalls();

        handler(deployment.environment()).invoke(CloudTrailEvents.schedule(), QUIET);

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(List.of(NetworkExposureRules.Exposure.RDP_OPEN.rule), alerts.stream().map(AlertInbox.Alert::rule)
                .toList(), "the world's list, not the office's");
        assertTrue(alerts.get(0).field("seen").contains("from prefix list " + world + " (which holds a world range)"),
                alerts.get(0).field("seen"));
        assertEquals(1, scenario.inboundRules(bastion).size(), "revoked; the office's rule stays");
        assertEquals(2, AWS.standIn().calls().stream().filter("GetManagedPrefixListEntries"::equals).count(),
                "one read per list referenced");
    }

    @Test
    void aCallByGroupNameIsReadFromItsResponse() throws Exception {
        LocalAws.Deployment deployment = deploy("ALERT");
        String bastion = scenario.securityGroup("rdp-admin", false);
        String rule = scenario.openToTheWorld(bastion, "tcp", 3389, 3389);

        handler(deployment.environment()).invoke(CloudTrailEvents.securityGroupCall(
                "aws.ec2-AuthorizeSecurityGroupIngress-by-group-name.json", bastion, rule), QUIET);

        assertEquals(List.of(bastion), deployment.inbox().drain().stream().map(AlertInbox.Alert::resourceId).toList());
    }

    @Test
    void anExposureClosedBySomeoneElseIsReportedOnceAsClosed() throws Exception {
        LocalAws.Deployment deployment = deploy("ALERT");
        String bastion = scenario.securityGroup("rdp-admin", false);
        String rule = scenario.openToTheWorld(bastion, "tcp", 3389, 3389);
        LocalInvoker handler = handler(deployment.environment());
        handler.invoke(CloudTrailEvents.schedule(), QUIET);
        assertEquals(1, deployment.inbox().drain().size());

        AWS.client(Ec2Client.builder()).revokeSecurityGroupIngress(r -> r.groupId(bastion).securityGroupRuleIds(rule));
        handler.invoke(CloudTrailEvents.schedule(), QUIET);
        handler.invoke(CloudTrailEvents.schedule(), QUIET);

        List<AlertInbox.Alert> after = deployment.inbox().drain();
        assertEquals(List.of(NetworkExposureRules.CLOSED), after.stream().map(AlertInbox.Alert::rule).toList());
        assertEquals("INFO", after.get(0).severity());
    }

    @Test
    void anExemptGroupIsAnnouncedOnceAndNeverChanged() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE");
        String bastion = scenario.securityGroup("rdp-lab", true);
        String rule = scenario.openToTheWorld(bastion, "tcp", 3389, 3389);
        LocalInvoker handler = handler(deployment.environment());

        handler.invoke(authorized(bastion, rule), QUIET);
        handler.invoke(CloudTrailEvents.schedule(), QUIET);

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(List.of(guardrails.shared.lifecycle.Lifecycle.EXEMPT), alerts.stream().map(AlertInbox.Alert::rule)
                .toList(), "an exemption cannot hide a problem silently, and is said once");
        assertEquals("INFO", alerts.get(0).severity());
        assertTrue(alerts.get(0).field("seen").contains("guardrails:exempt = true")
                && alerts.get(0).field("seen").contains("RDP is open to the internet"), alerts.get(0).field("seen"));
        assertEquals(1, scenario.inboundRules(bastion).size());
    }

    @Test
    void aRefusedRevokeIsReportedAsSuch() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE");
        String bastion = scenario.securityGroup("rdp-admin", false);
        String rule = scenario.openToTheWorld(bastion, "tcp", 3389, 3389);
        // UnauthorizedOperation is EC2's answer to a call IAM denies (an SCP, or the exempt tag's condition).
        AWS.standIn().serve("RevokeSecurityGroupIngress", call -> StandIn.ec2Error(403, "UnauthorizedOperation",
                "You are not authorized to perform this operation."));
        try {
            handler(deployment.environment()).invoke(authorized(bastion, rule), QUIET);
        } finally {
            AWS.standIn().stopServing("RevokeSecurityGroupIngress");
        }

        // A refusal IAM makes is not retried: one CRITICAL "could not fix", then no attempt until the rule changes.
        AlertInbox.Alert alert = deployment.inbox().drain().get(0);
        assertEquals("CRITICAL", alert.severity());
        assertTrue(alert.subject().startsWith("[CRITICAL] Could not fix: "), alert.subject());
        assertTrue(alert.field("actionTaken").contains("AWS refused it (UnauthorizedOperation, HTTP 403), which a"
                + " retry cannot change"), alert.field("actionTaken"));
        assertEquals(1, scenario.inboundRules(bastion).size());
        AWS.standIn().resetCalls();
        handler(deployment.environment()).invoke(CloudTrailEvents.schedule(), QUIET);
        assertTrue(deployment.inbox().drain().isEmpty(), "said once");
        assertEquals(0, AWS.standIn().calls().stream().filter("RevokeSecurityGroupIngress"::equals).count(),
                "no further attempt");
    }

    @Test
    void aCallNamingAGroupThatIsGoneSaysSoInOneLine() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE");
        String gone = "sg-0123456789abcdef0";
        ByteArrayOutputStream lines = new ByteArrayOutputStream();

        JsonNode result = CloudTrailEvents.parse(handler(deployment.environment()).invoke(
                authorized(gone, "sgr-0123456789abcdef0"), new PrintStream(lines, true, StandardCharsets.UTF_8)));

        assertEquals(0, result.path("findings").size());
        List<String> said = lines.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"message\":\"security group not found: nothing to check\"")).toList();
        assertEquals(1, said.size(), lines.toString(StandardCharsets.UTF_8));
        assertTrue(said.get(0).contains(gone), said.get(0));
    }

    @Test
    void aSweepCostsOnePageOfGroupsOneOfRulesAndOneOfEachDirectoryList() throws Exception {
        LocalAws.Deployment deployment = deploy("ALERT");
        for (int i = 0; i < 20; i++) {
            scenario.securityGroup("app-" + i, false);
        }
        String bastion = scenario.securityGroup("rdp-admin", false);
        scenario.openToTheWorld(bastion, "tcp", 3389, 3389);
        AWS.standIn().resetCalls();

        handler(deployment.environment()).invoke(CloudTrailEvents.schedule(), QUIET);

        assertEquals(1, callsTo("DescribeSecurityGroups"), "one page of up to 1,000 groups");
        assertEquals(1, callsTo("DescribeSecurityGroupRules"), "one page of up to 1,000 rules");
        assertEquals(1, callsTo("DirectoryService_20150416.DescribeDirectories"));
        assertEquals(1, callsTo("WorkspacesService.DescribeWorkspaceDirectories"));
        assertEquals(0, callsTo("DescribeVpcs"), "the VPC's ranges are read only for the controllers' finding");
        assertEquals(1, deployment.inbox().drain().size());
    }
}
