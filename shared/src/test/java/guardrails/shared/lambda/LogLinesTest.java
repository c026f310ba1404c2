package guardrails.shared.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import guardrails.shared.events.UnusableEvent;
import guardrails.shared.findings.Severity;
import guardrails.shared.reporting.GuardrailMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.slf4j.LoggerFactory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;


/**
 * Log lines through Powertools logging (log4j2.properties, Powertools' LambdaJsonLayout): one JSON object per line,
 * the Lambda context keys Lambda teams query, the event id as correlation id, and the keys operators search by.
 */
class LogLinesTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream stdout;

    @BeforeEach
    void capture() {
        stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
    }

    private List<JsonNode> lines() {
        return captured.toString(StandardCharsets.UTF_8).lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + l, e);
            }
        }).toList();
    }

    @Test
    void anInvocationsLinesCarryTheLambdaContextAndTheEventIdAsCorrelationId() throws Exception {
        Context context = Mockito.mock(Context.class);
        Mockito.when(context.getAwsRequestId()).thenReturn("req-1");
        Mockito.when(context.getFunctionName()).thenReturn("TrustGuard");
        Mockito.when(context.getInvokedFunctionArn())
                .thenReturn("arn:aws:lambda:us-east-1:111122223333:function:TrustGuard");
        GuardrailMetrics metrics = Mockito.mock(GuardrailMetrics.class);
        LambdaAdapter adapter = new LambdaAdapter("G2-trust", metrics, Tenancy.OWN_ONLY);
        String event = "{\"id\":\"event-1\",\"detail-type\":\"Something Else\",\"source\":\"aws.s3\",\"account\":"
                + "\"111122223333\",\"region\":\"us-east-1\",\"detail\":{}}";

        adapter.handle(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                context, envelope -> {
                    throw new UnusableEvent(UnusableEvent.Reason.WRONG_SOURCE, "not ours");
                });

        JsonNode line = lines().get(0);
        assertEquals("WARN", line.path("level").asText());
        assertEquals("event ignored", line.path("message").asText());
        assertEquals("event-1", line.path("correlation_id").asText());
        assertEquals("req-1", line.path("function_request_id").asText());
        assertEquals("TrustGuard", line.path("function_name").asText());
        assertTrue(line.has("cold_start"), line.toString());
        assertTrue(line.has("service"), line.toString());
        assertEquals("G2-trust", line.path("guardrail").asText());
        assertEquals("WRONG_SOURCE", line.path("reason").asText());
        assertTrue(line.path("timestamp").asText().endsWith("Z"));
    }

    @Test
    void keysAddedToALineComeOutAsFields() {
        LoggerFactory.getLogger(LogLinesTest.class).info("finding reported", entry("rule", "TRUST_NOT_TWO_WAY"),
                entry("severity", Severity.CRITICAL), entry("workspaces", 3));

        JsonNode line = lines().get(0);
        assertEquals("finding reported", line.path("message").asText());
        assertEquals("TRUST_NOT_TWO_WAY", line.path("rule").asText());
        assertEquals("CRITICAL", line.path("severity").asText());
        assertEquals(3, line.path("workspaces").asInt());
    }

    @Test
    void theSdksWarningsBecomeTheSameLinesAndItsDebugStaysOut() {
        var sdkLog = LoggerFactory.getLogger("software.amazon.awssdk.request");

        sdkLog.debug("Sending request {}", "GET /");
        sdkLog.warn("Retrying {} after {}", "DescribeTrusts", "ThrottlingException");

        List<JsonNode> lines = lines();
        assertEquals(1, lines.size());
        assertEquals("WARN", lines.get(0).path("level").asText());
        assertEquals("Retrying DescribeTrusts after ThrottlingException", lines.get(0).path("message").asText());
    }
}
