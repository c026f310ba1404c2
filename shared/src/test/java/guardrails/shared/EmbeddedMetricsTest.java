package guardrails.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedMetricsTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final EmbeddedMetrics metrics = new EmbeddedMetrics("WorkSpacesGuardrails",
            () -> new PrintStream(out, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC));

    @Test
    void aDataPointIsOneLineInTheEmbeddedMetricFormat() throws Exception {
        metrics.put("FreeAddresses", 3, EmbeddedMetrics.Unit.COUNT,
                Map.of("SubnetId", "subnet-0a", "DirectoryId", "d-906700000a"));

        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count());
        JsonNode line = JSON.readTree(text);
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals(Instant.parse("2026-11-23T08:00:00Z").toEpochMilli(),
                line.path("_aws").path("Timestamp").asLong());
        assertEquals("WorkSpacesGuardrails", directive.path("Namespace").asText());
        assertEquals("[[\"DirectoryId\",\"SubnetId\"]]", directive.path("Dimensions").toString(),
                "exactly the dimension set the dashboard's SEARCH names");
        assertEquals("{\"Name\":\"FreeAddresses\",\"Unit\":\"Count\"}", directive.path("Metrics").get(0).toString());
        assertEquals("subnet-0a", line.path("SubnetId").asText());
        assertEquals("d-906700000a", line.path("DirectoryId").asText());
        assertEquals(3, line.path("FreeAddresses").asLong());
        assertEquals(true, line.path("FreeAddresses").isIntegralNumber());
    }

    @Test
    void fractionsStayFractions() throws Exception {
        metrics.put("UsedPercent", 92.5, EmbeddedMetrics.Unit.PERCENT, Map.of("SubnetId", "subnet-0a"));

        JsonNode line = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(92.5, line.path("UsedPercent").asDouble());
        assertEquals("Percent", line.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").get(0)
                .path("Unit").asText());
    }
}
