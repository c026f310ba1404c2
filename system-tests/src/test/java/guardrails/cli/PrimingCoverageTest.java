package guardrails.cli;

import guardrails.defender.AwsDefenderGateway;
import guardrails.shared.config.GuardrailsConfig;
import guardrails.shared.lambda.Priming;
import guardrails.shared.reporting.DynamoDbFindingsLedger;
import guardrails.shared.reporting.Reporting;
import guardrails.shared.reporting.SnsAlertChannel;
import guardrails.subnetcapacity.AwsSubnetGateway;
import guardrails.trust.AwsTrustGateway;
import guardrails.workspacecreation.AwsWorkspaceCreationGateway;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SnapStart priming runs every operation each function makes, mutating ones included, on clients that send nothing:
 * each priming call completes on the offline answers, none reaches the endpoint (a socket here that counts who
 * connects), and together they cover each operation the function's IAM actions name.
 */
class PrimingCoverageTest {

    private static final GuardrailsConfig CONFIG = new GuardrailsConfig(
            "arn:aws:sns:us-east-1:000000000000:alerts", "findings", guardrails.shared.config.Mode.ALERT, 30,
            "us-east-1");

    private ServerSocket endpoint;
    private String endpointBefore;

    static Stream<Arguments> primedParts() {
        return Stream.of(
                Arguments.of("G1 gateway", AwsWorkspaceCreationGateway.primingCalls("us-east-1"),
                        AwsWorkspaceCreationGateway.IAM_ACTIONS),
                Arguments.of("G2 gateway", AwsTrustGateway.primingCalls("us-east-1"), AwsTrustGateway.IAM_ACTIONS),
                Arguments.of("G3 gateway", AwsSubnetGateway.primingCalls("us-east-1"), AwsSubnetGateway.IAM_ACTIONS),
                Arguments.of("G4 gateway", AwsDefenderGateway.primingCalls("us-east-1"),
                        AwsDefenderGateway.IAM_ACTIONS),
                Arguments.of("G5 gateway", guardrails.networkexposure.AwsExposureGateway.primingCalls("us-east-1"),
                        guardrails.networkexposure.AwsExposureGateway.IAM_ACTIONS),
                Arguments.of("G6 gateway", guardrails.rdpstickiness.AwsStickinessGateway.primingCalls("us-east-1"),
                        guardrails.rdpstickiness.AwsStickinessGateway.IAM_ACTIONS),
                Arguments.of("mode switch", guardrails.shared.config.ParameterModeSwitch.primingCalls("us-east-1",
                        "/stack/G1-workspace-creation/mode"), guardrails.shared.config.ParameterModeSwitch.IAM_ACTIONS),
                // GetTopicAttributes is the real read-only call priming makes; KMS is SNS's, not ours.
                Arguments.of("ledger and alerts", Reporting.primingCalls(CONFIG), Stream.concat(
                        DynamoDbFindingsLedger.IAM_ACTIONS.stream(), Stream.of("sns:Publish")).toList()));
    }

    @BeforeEach
    void listen() throws IOException {
        endpoint = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        endpoint.setSoTimeout(200);
        endpointBefore = System.getProperty("aws.endpointUrl");
        // The SDK reads the endpoint from this property as from AWS_ENDPOINT_URL.
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + endpoint.getLocalPort());
    }

    @AfterEach
    void close() throws IOException {
        if (endpointBefore == null) {
            System.clearProperty("aws.endpointUrl");
        } else {
            System.setProperty("aws.endpointUrl", endpointBefore);
        }
        endpoint.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("primedParts")
    void primingRunsEachOperationOfflineAndCoversThePolicy(String part, Runnable[] calls, List<String> iamActions)
            throws IOException {
        Map<String, Integer> before = Priming.offlineOperations();
        for (Runnable call : calls) {
            assertDoesNotThrow(call::run, part + ": a priming call fails on the offline answer");
        }
        assertEquals(0, connections(), part + ": a priming call reached the endpoint");

        Set<String> operations = new TreeSet<>();
        iamActions.stream().map(action -> action.substring(action.indexOf(':') + 1))
                .filter(operation -> !operation.equals("AccessDSData")) // an authorization, not an operation
                .forEach(operations::add);
        Map<String, Integer> after = Priming.offlineOperations();
        Set<String> missing = new TreeSet<>(operations);
        missing.removeIf(operation -> after.getOrDefault(operation, 0) > before.getOrDefault(operation, 0));
        assertTrue(missing.isEmpty(), part + ": priming does not run " + missing);
    }

    private int connections() throws IOException {
        int accepted = 0;
        while (true) {
            try {
                endpoint.accept().close();
                accepted++;
            } catch (SocketTimeoutException none) {
                return accepted;
            }
        }
    }
}
