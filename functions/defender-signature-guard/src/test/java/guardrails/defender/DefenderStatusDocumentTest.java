package guardrails.defender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import guardrails.local.CloudTrailEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The collection script lives in ssm/defender-status.ps1 to be read and reviewed; the template's SSM document
 * must run exactly that script, and the script must write what the function reads.
 */
class DefenderStatusDocumentTest {

    static final Path ROOT = CloudTrailEvents.eventsDir().getParent();

    @Test
    void templateDocumentRunsTheScriptLineForLine() throws Exception {
        JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(ROOT.resolve("template.yaml")));
        JsonNode steps = template.path("Resources").path("DefenderStatusDocument").path("Properties")
                .path("Content").path("mainSteps");
        List<String> runCommand = new ArrayList<>();
        steps.get(0).path("inputs").path("runCommand").forEach(line -> runCommand.add(line.asText()));
        assertEquals(Files.readAllLines(ROOT.resolve("ssm/defender-status.ps1")), runCommand);
    }

    @Test
    void scriptWritesTheCustomInventoryTheFunctionReads() throws Exception {
        String script = Files.readString(ROOT.resolve("ssm/defender-status.ps1"));
        assertTrue(script.contains("TypeName = '" + AwsDefenderGateway.INVENTORY_TYPE + "'"));
        for (String field : List.of("AntivirusSignatureAge", "AntivirusSignatureLastUpdated", "AntivirusSignatureVersion",
                "AntivirusEnabled", "RealTimeProtectionEnabled", "AMServiceEnabled", "ComputerName", "IpAddress",
                "CollectedAt")) {
            assertTrue(script.contains(field + " "), field);
        }
        assertTrue(script.contains("InstanceData\\$($env:AWS_SSM_INSTANCE_ID)\\inventory\\custom"));
    }
}
