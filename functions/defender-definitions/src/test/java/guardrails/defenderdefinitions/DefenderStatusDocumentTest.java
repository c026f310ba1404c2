package guardrails.defenderdefinitions;

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

    /**
     * The SSM agent reads the file's raw bytes with Go's json.Unmarshal, which rejects a byte order mark; Windows
     * PowerShell 5.1 writes one for Set-Content, Out-File or Add-Content with -Encoding UTF8 (or Unicode), and for
     * the redirection operators. The file must be written by .NET with UTF8Encoding(false).
     */
    @Test
    void inventoryFileIsWrittenWithoutAByteOrderMark() throws Exception {
        List<String> code = Files.readAllLines(ROOT.resolve("ssm/defender-status.ps1")).stream()
                .filter(line -> !line.stripLeading().startsWith("#")).toList();
        for (String line : code) {
            assertTrue(!line.matches("(?i).*\\b(Set-Content|Out-File|Add-Content)\\b.*"), "writes with a BOM: " + line);
            assertTrue(!line.matches(".*[^2]>{1,2}\\s*[\\$(\"'].*"), "a redirection writes with a BOM: " + line);
        }
        assertEquals(1, code.stream().filter(line -> line.contains("[System.IO.File]::WriteAllText(")
                && line.contains("'DefenderStatus.json'") && line.contains("(New-Object System.Text.UTF8Encoding $false)"))
                .count(), "one write, UTF-8 without BOM");
    }

    /** A node that never updated has no AntivirusSignatureLastUpdated: calling a method on it would stop the script. */
    @Test
    void neverUpdatedNodeStillReports() throws Exception {
        List<String> lines = Files.readAllLines(ROOT.resolve("ssm/defender-status.ps1"));
        lines.stream().filter(line -> line.contains("AntivirusSignatureLastUpdated.ToUniversalTime()"))
                .forEach(line -> assertTrue(line.startsWith("if ($status.AntivirusSignatureLastUpdated) {"), line));
        assertTrue(lines.contains("  AntivirusSignatureLastUpdated = $lastUpdated"));
        assertTrue(lines.contains("$lastUpdated = ''"));
    }
}
