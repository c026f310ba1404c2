package guardrails.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The check that holds the stand-in to AWS's models finds what AWS could not answer, and passes what it could. */
class ServiceModelsTest {

    static final ServiceModels MODELS = ServiceModels.installed();
    static final ServiceModels.Operation DESCRIBE_USER = MODELS.operationOf("/Users/DescribeUser").orElseThrow();

    @Test
    void callsArePlacedInTheirServiceModels() {
        assertEquals(new ServiceModels.Operation("ds-data", "DescribeUser"), DESCRIBE_USER);
        assertEquals(new ServiceModels.Operation("ssm", "GetInventory"),
                MODELS.operationOf("AmazonSSM.GetInventory").orElseThrow());
        assertEquals(new ServiceModels.Operation("workspaces", "DescribeWorkspaceBundles"),
                MODELS.operationOf("WorkspacesService.DescribeWorkspaceBundles").orElseThrow());
    }

    @Test
    void anAnswerAwsCouldGivePasses() {
        assertEquals(List.of(), MODELS.violations(DESCRIBE_USER, 200, null, "{\"DirectoryId\":\"d-1234567890\","
                + "\"SAMAccountName\":\"test-1\",\"Realm\":\"onprem.example.net\",\"Enabled\":false,"
                + "\"UserPrincipalName\":\"test-1@onprem.example.net\"}"));
        assertEquals(List.of(), MODELS.violations(DESCRIBE_USER, 400, "DirectoryUnavailableException",
                "{\"message\":\"m\",\"Reason\":\"TRUST_AUTH_FAILURE\"}"));
        assertEquals(List.of(), MODELS.violations(DESCRIBE_USER, 404, "ResourceNotFoundException", "{\"message\":\"m\"}"));
    }

    @Test
    void anAnswerAwsCouldNotGiveIsNamed() {
        assertTrue(MODELS.violations(DESCRIBE_USER, 200, null, "{\"Enabled\":\"yes\"}").get(0)
                .contains("Enabled is not a boolean"));
        assertTrue(MODELS.violations(DESCRIBE_USER, 200, null, "{\"Surname\":\"x\",\"Colour\":\"blue\"}").get(0)
                .contains("Colour is no member"));
        assertTrue(MODELS.violations(DESCRIBE_USER, 200, null, "{\"SAMAccountName\":\"twenty-one-characters\"}")
                .get(0).contains("longer than 20"));
        assertTrue(MODELS.violations(DESCRIBE_USER, 400, "ResourceNotFoundException", "{}").get(0)
                .contains("comes with HTTP 404, not 400"));
        assertTrue(MODELS.violations(DESCRIBE_USER, 400, "UserDisabledException", "{}").get(0)
                .contains("declares no error UserDisabledException"));
        assertTrue(MODELS.violations(DESCRIBE_USER, 400, "DirectoryUnavailableException", "{\"Reason\":\"BUSY\"}")
                .get(0).contains("BUSY is not one of"));
        var getInventory = MODELS.operationOf("AmazonSSM.GetInventory").orElseThrow();
        assertTrue(MODELS.violations(getInventory, 200, null, "{\"Entities\":[{\"Id\":\"mi-1\",\"Data\":{\"Custom:X\":"
                + "{\"TypeName\":\"Custom:X\",\"SchemaVersion\":\"1.0\",\"Content\":[]}}}]}").isEmpty(),
                "an inventory page that fits the model");
    }

    /** Through the stand-in: a made-up answer that does not fit becomes a failed call and a recorded violation. */
    @Test
    void ec2ErrorsAreHeldToTheCodesEc2Documents() {
        ServiceModels.Operation revoke = new ServiceModels.Operation("ec2", "RevokeSecurityGroupIngress");
        assertEquals(List.of(), MODELS.violations(revoke, 403, "UnauthorizedOperation", null));
        assertEquals(List.of(), MODELS.violations(revoke, 400, "InvalidPermission.NotFound", null));
        assertTrue(MODELS.violations(revoke, 500, "InvalidPermission.NotFound", null).get(0)
                .contains("comes with HTTP [400], not 500"));
        assertTrue(MODELS.violations(revoke, 400, "SecurityGroupLocked", null).get(0)
                .contains("declares no error SecurityGroupLocked"));
    }

    @Test
    void theStandInRefusesToPassOnAnAnswerAwsCouldNotGive() {
        LocalAws aws = LocalAws.shared();
        aws.standIn().serve("DirectoryService_20150416.DescribeConditionalForwarders",
                call -> StandIn.Reply.json("{\"ConditionalForwarders\":[{\"RemoteDomainName\":\"x\","
                        + "\"ReplicationScope\":\"Everywhere\"}]}"));
        try {
            var ds = aws.client(software.amazon.awssdk.services.directory.DirectoryClient.builder());
            var failure = org.junit.jupiter.api.Assertions.assertThrows(
                    software.amazon.awssdk.services.directory.model.DirectoryException.class,
                    () -> ds.describeConditionalForwarders(r -> r.directoryId("d-1234567890")));
            assertTrue(failure.getMessage().contains("Everywhere is not one of"), failure.getMessage());
            assertTrue(aws.standIn().violations().stream().anyMatch(v -> v.contains("Everywhere")));
        } finally {
            aws.standIn().stopServing("DirectoryService_20150416.DescribeConditionalForwarders");
        }
    }
}
