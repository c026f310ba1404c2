package guardrails.cli;

import guardrails.local.CloudTrailEvents;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `./guardrails emulator --seed` prints an environment naming the emulator and the deployment; a function configured
 * with it handles the seeded account's sweep. (This JVM's SDK already points at the emulator, so the test holds the
 * names and the deployment; a shell using the printed lines was run by hand.)
 */
class EmulatorTest {

    @Test
    void theEnvironmentItPrintsIsEnoughToRunAFunction() throws Exception {
        LocalAws aws = LocalAws.shared();
        aws.reset();
        LocalAws.Deployment deployment = aws.deploy("ALERT");
        FieldScenario.seed(aws);

        Map<String, String> env = Emulator.environment(aws, deployment);

        assertEquals(aws.endpoint().toString(), env.get("AWS_ENDPOINT_URL"));
        assertTrue(env.keySet().containsAll(java.util.List.of("ALERT_TOPIC_ARN", "FINDINGS_TABLE", "AWS_REGION",
                "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "DEFENDER_UPDATE_DOCUMENT")), env.toString());
        var result = new LocalInvoker(Template.load().function("DirectoryTrustFunction"), env)
                .run(CloudTrailEvents.schedule());
        assertEquals("handled", result.path("status").asText());
        assertEquals(1, deployment.inbox().drain().size(), "the seeded one-way trust, alerted through the emulator");
    }

    /**
     * What it prints is what a newcomer needs: the AWS CLI's Region too, the seeded ids to use, and an account every
     * sweep can read (G4's inventory included: moto lacks GetInventory).
     */
    @Test
    void itPrintsTheSeededIdsAndServesWhatEverySweepReads() throws Exception {
        LocalAws aws = LocalAws.shared();
        aws.reset();
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        LocalAws.Deployment deployment = Emulator.prepare(aws, true, new java.io.PrintStream(printed, true,
                java.nio.charset.StandardCharsets.UTF_8), java.nio.file.Files.createTempDirectory("emulator")
                .resolve("seeded-ids.json"));
        String said = printed.toString(java.nio.charset.StandardCharsets.UTF_8);

        assertTrue(said.contains("export AWS_DEFAULT_REGION=" + LocalAws.REGION), said);
        String directory = aws.client(software.amazon.awssdk.services.directory.DirectoryClient.builder())
                .describeDirectories().directoryDescriptions().get(0).directoryId();
        assertTrue(said.contains("# Seeded: directory " + directory), said);
        var g4 = new LocalInvoker(Template.load().function("DefenderDefinitionsFunction"),
                Emulator.environment(aws, deployment)).run(CloudTrailEvents.schedule());
        assertEquals("handled", g4.path("status").asText(), g4.toString());
    }

    /** The five-minute path --seed prints names only samples and functions that go together (their rules match). */
    @Test
    void theFiveMinutePathNamesSamplesTheirFunctionsTake() throws Exception {
        var commands = java.util.regex.Pattern.compile("\\./guardrails invoke (\\S+) events/(\\S+)")
                .matcher(Emulator.FIVE_MINUTES).results().toList();

        assertTrue(commands.size() >= 4, Emulator.FIVE_MINUTES);
        for (var command : commands) {
            var expected = SampleEventsTest.EXPECTED.get(command.group(2));
            assertTrue(expected != null && expected.containsKey(command.group(1)), command.group());
        }
    }
}
