package guardrails.cli;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.local.AlertInbox;
import guardrails.local.CloudTrailEvents;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.Template;
import guardrails.shared.directory.Trust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


/**
 * The jars `sam build` ships are shaded into one self-contained jar each; the shade step merges service files and
 * drops signatures, so each deployable jar runs its field case here, in a fresh JVM with Lambda's flags, in REMEDIATE
 * mode against the emulator: alerts published, remediation attempted, the redelivery recognised (DynamoDB's
 * conditional-check failure unmarshalled), and an unusable event turned away, all by the jar alone.
 */
class DeployableJarTest {

    static final LocalAws AWS = LocalAws.shared();

    static List<FieldCases.Case> cases() {
        return FieldCases.all(AWS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theDeployableJarHandlesItsFieldCaseAndItsRedelivery(FieldCases.Case c) throws Exception {
        AWS.reset();
        LocalAws.Deployment deployment = AWS.deploy("REMEDIATE");
        String event = c.arrange().apply(FieldScenario.seed(AWS));
        FunctionJar jar = new FunctionJar(Template.load().function(c.function()), AWS, deployment);

        JsonNode first = CloudTrailEvents.parse(jar.invoke(event));
        List<String> published = rules(deployment.inbox().drain());
        JsonNode again = CloudTrailEvents.parse(jar.invoke(event));
        List<String> republished = rules(deployment.inbox().drain());
        JsonNode unusable = CloudTrailEvents.parse(jar.invoke("{\"detail-type\": 7}"));

        assertEquals("handled", first.path("status").asText(), first.toString());
        assertEquals(c.expectedRules().stream().sorted().toList(), published);
        assertEquals("handled", again.path("status").asText(), again.toString());
        assertTrue(republished.isEmpty(), "the redelivery published " + republished);
        assertEquals("ignored", unusable.path("status").asText(), unusable.toString());

        // Log4j's configuration and plugin caches survived the shading: Powertools' JSON lines, no Log4j complaint.
        String output = jar.output("{\"id\": \"jar-check\", \"detail-type\": 7}", List.of(),
                java.util.Map.of("POWERTOOLS_LOG_LEVEL", "INFO"));
        assertFalse(output.contains("StatusLogger") || output.contains("SLF4J"), output);
        JsonNode line = output.lines().filter(l -> l.startsWith("{") && l.contains("\"event ignored\""))
                .map(CloudTrailEvents::parse).findFirst().orElseThrow(() -> new AssertionError(output));
        assertEquals("jar-check", line.path("correlation_id").asText(), line.toString());
        // Powertools' layout (its Lambda context keys; the launcher gives no context, so they are null here).
        assertTrue(line.has("function_request_id") && line.has("function_name"), line.toString());
    }

    /**
     * Where SnapStart is off, a class-data archive could be shipped beside the jar (docs/benchmarks.md). It must
     * never cost the function: an archive made for another jar, or a damaged one, is ignored and the event handled.
     */
    @Test
    void aClassDataArchiveThatDoesNotMatchIsIgnoredNeverFatal(@TempDir Path dir) throws Exception {
        AWS.reset();
        LocalAws.Deployment deployment = AWS.deploy("ALERT");
        FieldCases.Case trust = cases().stream().filter(c -> c.function().startsWith("Trust")).findFirst()
                .orElseThrow();
        String event = trust.arrange().apply(FieldScenario.seed(AWS));
        FunctionJar jar = new FunctionJar(Template.load().function(trust.function()), AWS, deployment);
        FunctionJar other = new FunctionJar(Template.load().function("DefenderSignatureGuardFunction"), AWS,
                deployment);

        Path foreign = dir.resolve("foreign.jsa");
        Path parseOnly = Files.writeString(dir.resolve("event.json"), event);
        Process dump = new ProcessBuilder(other.command(List.of("-XX:ArchiveClassesAtExit=" + foreign), "--parse-only",
                parseOnly.toString())).redirectErrorStream(true).start();
        dump.getInputStream().readAllBytes();
        assertEquals(0, dump.waitFor());
        assertTrue(Files.size(foreign) > 0, "an archive was made for the other function's jar");
        Path damaged = Files.write(dir.resolve("damaged.jsa"), new byte[64 * 1024]);

        for (Path archive : List.of(foreign, damaged, dir.resolve("missing.jsa"))) {
            JsonNode result = CloudTrailEvents.parse(jar.invoke(Bench.renew(event),
                    List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto")));
            assertEquals("handled", result.path("status").asText(), archive + ": " + result);
        }
        assertEquals(List.of("TRUST_NOT_TWO_WAY"), rules(deployment.inbox().drain()), "alerted once, as ever");
    }

    private static List<String> rules(List<AlertInbox.Alert> alerts) {
        return alerts.stream().map(AlertInbox.Alert::rule).sorted().toList();
    }
}
