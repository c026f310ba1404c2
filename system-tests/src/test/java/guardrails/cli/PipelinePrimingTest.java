package guardrails.cli;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import guardrails.shared.registry.Guardrail;
import guardrails.shared.priming.Priming;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each handler's priming runs its guardrail's whole pipeline once on a sample resource, in REMEDIATE mode, on a
 * sample gateway and clients that send nothing: the sample finding is reported (its log line carries "priming" as
 * correlation id), its remediation runs against the sample, and nothing reaches AWS (the endpoint is a closed port:
 * only the read-only priming calls try it, and fail).
 */
class PipelinePrimingTest {

    static Stream<Arguments> handlers() {
        return Guardrail.all().stream().map(g -> Arguments.of(g.number(),
                (Function<Map<String, String>, RequestStreamHandler>) g::handler, g.primingSample().resourceId(),
                g.primingSample().remediationSays()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void primingRunsTheWholePipelineOnASampleAndReportsItsFinding(String guardrail,
            Function<Map<String, String>, RequestStreamHandler> handler, String resource, String actionSays) {
        Map<String, String> env = new HashMap<>(Map.of("ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:000000000000:alerts",
                "FINDINGS_TABLE", "findings", "AWS_REGION", "us-east-1", "MODE", "REMEDIATE"));
        Map<String, String> properties = Map.of("aws.endpointUrl", "http://127.0.0.1:9", "aws.accessKeyId", "test",
                "aws.secretAccessKey", "test");
        Map<String, String> before = new HashMap<>();
        properties.forEach((k, v) -> before.put(k, System.setProperty(k, v)));
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            handler.apply(env);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Priming.primeAll();
        } finally {
            System.setOut(stdout);
            before.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }

        List<String> reported = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"message\":\"finding reported\"") && l.contains("\"correlation_id\":\"priming\"")
                        && l.contains("\"resourceId\":\"" + resource + "\""))
                .toList();
        assertTrue(!reported.isEmpty(), guardrail + ": priming reported no finding on " + resource + ":\n" + captured);
        if (actionSays != null) {
            assertTrue(reported.stream().anyMatch(l -> l.contains(actionSays)),
                    guardrail + ": the remediation did not run against the sample: " + reported);
        }
    }
}
