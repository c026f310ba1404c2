package guardrails.cli;

import guardrails.shared.registry.Guardrail;
import guardrails.shared.channels.SnsAlertChannel;
import guardrails.shared.config.GuardrailsConfig;
import guardrails.shared.config.ParameterModeSwitch;
import guardrails.shared.lifecycle.FindingsTable;
import guardrails.shared.priming.Priming;
import guardrails.shared.reporting.Reporting;
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
        // Each guardrail as its descriptor declares it: its gateway's priming, and the mode parameter's when it can
        // act, together cover every action it may call.
        Stream<Arguments> guardrails = Guardrail.all().stream().map(guardrail -> {
            Stream<Runnable> modeParameter = guardrail.canAct() ? Stream.of(ParameterModeSwitch.primingCalls(
                    "us-east-1", "/stack/" + guardrail.key() + "/mode")) : Stream.empty();
            return Arguments.of(guardrail.number(), Stream.concat(Stream.of(guardrail.primingCalls("us-east-1")),
                    modeParameter).toArray(Runnable[]::new), guardrail.iamActions());
        });
        return Stream.concat(guardrails, Stream.of(
                // GetTopicAttributes is the real read-only call priming makes; KMS is SNS's, not ours.
                Arguments.of("ledger and alerts", Reporting.primingCalls(CONFIG), Stream.concat(
                        FindingsTable.IAM_ACTIONS.stream(), Stream.of("sns:Publish")).toList())));
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
