package guardrails.shared;

import static guardrails.shared.StructuredLog.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.slf4j.LoggerFactory;

class StructuredLogTest {

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
        System.clearProperty("guardrails.logLevel");
        StructuredLog.endInvocation();
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
    void aLineCarriesItsFieldsAndTheInvocation() {
        Context context = Mockito.mock(Context.class);
        Mockito.when(context.getAwsRequestId()).thenReturn("req-1");
        Mockito.when(context.getFunctionName()).thenReturn("TrustGuard");
        StructuredLog.beginInvocation("event-1", context);

        StructuredLog.of(StructuredLogTest.class).info("finding reported", entry("rule", "TRUST_NOT_TWO_WAY"),
                entry("severity", Severity.CRITICAL), entry("workspaces", 3), entry("ids", List.of("ws-1")));

        JsonNode line = lines().get(0);
        assertEquals("INFO", line.path("level").asText());
        assertEquals("finding reported", line.path("message").asText());
        assertEquals("guardrails.shared.StructuredLogTest", line.path("logger").asText());
        assertEquals("event-1", line.path("correlation_id").asText());
        assertEquals("req-1", line.path("function_request_id").asText());
        assertEquals("TrustGuard", line.path("function_name").asText());
        assertEquals("TRUST_NOT_TWO_WAY", line.path("rule").asText());
        assertEquals("CRITICAL", line.path("severity").asText());
        assertEquals(3, line.path("workspaces").asInt());
        assertEquals("ws-1", line.path("ids").get(0).asText());
        assertTrue(line.path("timestamp").asText().endsWith("Z"));
    }

    @Test
    void theLocalRunnerSendsLinesToStandardErrorSoItsOutputStaysClean() {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        System.setProperty("guardrails.logTarget", "stderr");
        try {
            StructuredLog.of(StructuredLogTest.class).warn("to standard error");
        } finally {
            System.clearProperty("guardrails.logTarget");
            System.setErr(stderr);
        }
        assertTrue(errors.toString(StandardCharsets.UTF_8).contains("\"message\":\"to standard error\""));
        assertTrue(lines().isEmpty(), "nothing on standard output");
    }

    @Test
    void linesBelowTheLevelAreDropped() {
        System.setProperty("guardrails.logLevel", "WARN");
        StructuredLog log = StructuredLog.of(StructuredLogTest.class);

        log.info("not this");
        log.warn("this");

        assertEquals(List.of("this"), lines().stream().map(l -> l.path("message").asText()).toList());
    }

    @Test
    void theSdksSlf4jWarningsBecomeStructuredLinesAndItsDebugStaysOut() {
        var sdkLog = LoggerFactory.getLogger("software.amazon.awssdk.request");

        sdkLog.debug("Sending request {}", "GET /");
        sdkLog.warn("Retrying {} after {}", "DescribeTrusts", "ThrottlingException");

        List<JsonNode> lines = lines();
        assertEquals(1, lines.size());
        assertEquals("WARN", lines.get(0).path("level").asText());
        assertEquals("Retrying DescribeTrusts after ThrottlingException", lines.get(0).path("message").asText());
        assertEquals("software.amazon.awssdk.request", lines.get(0).path("logger").asText());
    }
}
