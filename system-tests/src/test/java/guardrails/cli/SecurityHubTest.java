package guardrails.cli;

import guardrails.local.CloudTrailEvents;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.StandIn;
import guardrails.local.Template;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SecurityHubFindings=Enabled, end to end on the emulator through the real handler: G3's subnet fills (a finding
 * imported), fills further (the same finding updated), is swept again (nothing new), and recovers (the finding's
 * workflow RESOLVED and its record ARCHIVED); GetFindings shows each step. A finding Security Hub refuses fails the
 * invocation after its alert went out, and the retry imports it without a second alert.
 */
class SecurityHubTest {

    private LocalAws aws;
    private LocalAws.Deployment deployment;
    private FieldScenario scenario;
    private LocalInvoker subnets;
    private SecurityHubClient hub;
    private String subnet;

    @BeforeEach
    void deployWithSecurityHub() {
        aws = LocalAws.shared();
        aws.reset();
        deployment = aws.deploy("ALERT");
        scenario = FieldScenario.seed(aws);
        hub = aws.client(SecurityHubClient.builder());
        hub.enableSecurityHub(r -> { });
        subnets = new LocalInvoker(Template.load().function("SubnetCapacityFunction"),
                deployment.environmentWith("SECURITY_HUB_FINDINGS", "Enabled"));
        subnet = scenario.subnetIds.get(0);
    }

    @Test
    void aFindingIsImportedUpdatedWhenItsLevelChangesAndResolvedWhenItRecovers() throws Exception {
        fillTo(7);
        subnets.run(CloudTrailEvents.schedule());
        AwsSecurityFinding warning = only();
        String id = "workspaces-guardrails/us-east-1/" + LocalAws.ACCOUNT + "/G3-subnet-capacity/" + subnet
                + "/SUBNET_CAPACITY";
        assertEquals(id, warning.id());
        assertEquals("arn:aws:securityhub:us-east-1:" + LocalAws.ACCOUNT + ":product/" + LocalAws.ACCOUNT + "/default",
                warning.productArn());
        assertEquals(List.of("MEDIUM", "ACTIVE", "arn:aws:ec2:us-east-1:" + LocalAws.ACCOUNT + ":subnet/" + subnet,
                "AwsEc2Subnet"), List.of(
                warning.findingProviderFields().severity().labelAsString(), warning.recordStateAsString(),
                warning.resources().get(0).id(), warning.resources().get(0).type()));
        assertTrue(warning.title().contains(subnet + " filling up: "), warning.title());
        assertTrue(warning.remediation().recommendation().text().startsWith("Before creating more WorkSpaces"));
        assertTrue(warning.remediation().recommendation().text().contains("\naws ec2 describe-network-interfaces"),
                "the command on its own line: " + warning.remediation().recommendation().text());
        assertEquals(1, deployment.inbox().drain().size(), "the alert goes out too");

        fillTo(2);
        subnets.run(CloudTrailEvents.schedule());
        AwsSecurityFinding critical = only();
        assertEquals(List.of(id, "CRITICAL", "ACTIVE"), List.of(critical.id(),
                critical.findingProviderFields().severity().labelAsString(), critical.recordStateAsString()));
        assertTrue(critical.title().contains(subnet + " almost full: "), critical.title());
        assertEquals(1, deployment.inbox().drain().size());

        subnets.run(CloudTrailEvents.schedule()); // still CRITICAL: nothing new anywhere
        assertEquals(critical.updatedAt(), only().updatedAt());
        assertTrue(deployment.inbox().drain().isEmpty());

        scenario.releaseFilledAddresses();
        subnets.run(CloudTrailEvents.schedule());
        AwsSecurityFinding resolved = only();
        assertEquals(List.of(id, "RESOLVED", "ARCHIVED", "CRITICAL"), List.of(resolved.id(),
                resolved.workflow().statusAsString(), resolved.recordStateAsString(),
                resolved.findingProviderFields().severity().labelAsString()));
        assertTrue(resolved.note().text().contains("Recovered: "), resolved.note().text());
        List<guardrails.local.AlertInbox.Alert> recovered = deployment.inbox().drain();
        assertEquals(1, recovered.size());
        assertTrue(recovered.get(0).subject().contains("Recovered: "), recovered.get(0).subject());
    }

    @Test
    void aRefusedImportFailsTheInvocationAfterTheAlertAndTheRetryImportsWithoutASecondAlert() throws Exception {
        fillTo(2);
        String event = CloudTrailEvents.schedule();
        // Security Hub answers 200 with the finding refused (BatchImportFindingsResponse.FailedFindings).
        aws.standIn().serve("/findings/import", call -> StandIn.Reply.json("{\"FailedCount\":1,\"SuccessCount\":0,"
                + "\"FailedFindings\":[{\"Id\":\"x\",\"ErrorCode\":\"InvalidInput\",\"ErrorMessage\":\"refused\"}]}"));
        try {
            var failure = assertThrows(Exception.class, () -> subnets.run(event));
            assertTrue(String.valueOf(failure.getMessage()).contains("BatchImportFindings refused 1 finding(s):"
                    + " InvalidInput") || String.valueOf(failure.getCause()).contains("InvalidInput"),
                    String.valueOf(failure));
        } finally {
            aws.standIn().stopServing("/findings/import");
        }
        assertEquals(1, deployment.inbox().drain().size(), "the alert never waits on Security Hub");
        assertTrue(hub.getFindings(r -> { }).findings().isEmpty());

        subnets.run(event); // Lambda's retry of the same event
        assertEquals("CRITICAL", only().findingProviderFields().severity().labelAsString());
        assertTrue(deployment.inbox().drain().isEmpty(), "Security Hub retried without a second alert");
        subnets.run(event); // and a duplicate delivery
        assertEquals(1, hub.getFindings(r -> { }).findings().size());
        assertTrue(deployment.inbox().drain().isEmpty());
    }

    @Test
    void withoutTheParameterNothingGoesToSecurityHub() throws Exception {
        fillTo(2);
        new LocalInvoker(Template.load().function("SubnetCapacityFunction"), deployment.environment())
                .run(CloudTrailEvents.schedule());
        assertEquals(1, deployment.inbox().drain().size());
        assertTrue(hub.getFindings(r -> { }).findings().isEmpty());
        assertEquals("Disabled", Template.load().function("SubnetCapacityFunction").environment()
                .get("SECURITY_HUB_FINDINGS"), "the template's default");
    }

    private void fillTo(int free) {
        scenario.fillSubnet(subnet, scenario.freeAddresses(subnet) - free);
    }

    private AwsSecurityFinding only() {
        List<AwsSecurityFinding> findings = hub.getFindings(r -> { }).findings();
        assertEquals(1, findings.size(), findings.toString());
        return findings.get(0);
    }
}
