package guardrails.shared.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Metrics through Powertools (EMF): one line per data point, in our namespace, with exactly the dimension set the
 * dashboard's SEARCH names (no default Service dimension). The suite runs with AWS_EMF_ENVIRONMENT=Lambda (root pom).
 */
class GuardrailMetricsTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream stdout;
    private final GuardrailMetrics metrics = GuardrailMetrics.standardOutput();

    @BeforeEach
    void capture() {
        stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
    }

    private JsonNode emfLine() throws Exception {
        return JSON.readTree(out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"_aws\""))
                .reduce((a, b) -> {
                    throw new AssertionError("more than one EMF line: " + a + " / " + b);
                }).orElseThrow(() -> new AssertionError("no EMF line in: " + out)));
    }

    @Test
    void aDataPointIsOneLineInTheEmbeddedMetricFormat() throws Exception {
        metrics.put("FreeAddresses", 3, GuardrailMetrics.Unit.COUNT,
                Map.of("SubnetId", "subnet-0a", "DirectoryId", "d-906700000a"));

        JsonNode line = emfLine();
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals("WorkSpacesGuardrails", directive.path("Namespace").asText());
        assertEquals("[[\"DirectoryId\",\"SubnetId\"]]", directive.path("Dimensions").toString(),
                "exactly the dimension set the dashboard's SEARCH names");
        assertEquals("{\"Name\":\"FreeAddresses\",\"Unit\":\"Count\"}", directive.path("Metrics").get(0).toString());
        assertEquals("subnet-0a", line.path("SubnetId").asText());
        assertEquals("d-906700000a", line.path("DirectoryId").asText());
        assertEquals(3.0, line.path("FreeAddresses").asDouble());
    }

    @Test
    void fractionsStayFractions() throws Exception {
        metrics.put("UsedPercent", 92.5, GuardrailMetrics.Unit.PERCENT, Map.of("SubnetId", "subnet-0a"));

        JsonNode line = emfLine();
        assertEquals(92.5, line.path("UsedPercent").asDouble());
        assertEquals("Percent", line.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").get(0)
                .path("Unit").asText());
    }

    @Test
    void primingRendersADataPointWithoutWritingIt() {
        GuardrailMetrics.primeRendering();

        assertEquals("", out.toString(StandardCharsets.UTF_8), "priming must make no metric");
    }
}
