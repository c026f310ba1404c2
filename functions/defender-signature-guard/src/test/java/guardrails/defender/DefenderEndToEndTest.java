package guardrails.defender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.local.AlertInbox;
import guardrails.local.CloudTrailEvents;
import guardrails.local.DefenderFleet;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;

/** G4 against the emulator: inventory served at the wire, Run Command through moto, WorkSpaces matched by name. */
class DefenderEndToEndTest {

    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    static final LocalAws AWS = LocalAws.shared();

    LocalAws.Deployment deployment;
    FieldScenario scenario;
    DefenderFleet fleet;

    @BeforeEach
    void closedNetwork() {
        AWS.reset();
        deployment = AWS.deploy("REMEDIATE");
        scenario = FieldScenario.seed(AWS);
        fleet = DefenderFleet.serve(AWS);
    }

    String workspace(String user) {
        return scenario.createWorkspace(user, FieldScenario.WINDOWS_BUNDLE).pendingRequests().get(0).workspaceId();
    }

    LocalInvoker handler(Map<String, String> extra) {
        var env = new java.util.HashMap<>(deployment.environment());
        env.putAll(extra);
        return new LocalInvoker(Template.load().function("DefenderSignatureGuardFunction"), env);
    }

    JsonNode sweep(LocalInvoker handler) throws Exception {
        return CloudTrailEvents.parse(handler.invoke(CloudTrailEvents.schedule(),
                QUIET));
    }

    List<Command> commands() {
        return AWS.client(SsmClient.builder()).listCommands(r -> { }).commands();
    }

    @Test
    void nodesAgedOneFiveAndFourHundredDaysAndTheStaleOnesAreUpdatedFromTheShare() throws Exception {
        String fresh = workspace("user-fresh");
        String lagging = workspace("user-lagging");
        String stuck = workspace("user-stuck");
        fleet.reportFor(fresh, 1, 1);
        DefenderFleet.Node laggingNode = fleet.reportFor(lagging, 5, 1);
        DefenderFleet.Node stuckNode = fleet.reportFor(stuck, 400, 1);
        LocalInvoker handler = handler(Map.of("DEFENDER_UPDATE_SOURCE", "FileShares",
                "DEFENDER_FILE_SHARE_PATH", "\\\\fs01.managed.example.net\\defender"));

        sweep(handler);

        Map<String, String> severities = deployment.inbox().drain().stream()
                .collect(Collectors.toMap(AlertInbox.Alert::resourceId, AlertInbox.Alert::severity));
        assertEquals(Map.of(lagging, "WARNING", stuck, "CRITICAL"), severities, "the 1-day-old node is OK");
        List<Command> commands = commands();
        assertEquals(2, commands.size(), "one update per stale node");
        assertEquals(java.util.Set.of(laggingNode.nodeId(), stuckNode.nodeId()), commands.stream()
                .flatMap(c -> c.instanceIds().stream()).collect(Collectors.toSet()));
        commands.forEach(c -> {
            assertEquals("AWS-RunPowerShellScript", c.documentName());
            assertEquals(List.of("Set-MpPreference -SignatureDefinitionUpdateFileSharesSources"
                            + " '\\\\fs01.managed.example.net\\defender'", "Update-MpSignature -UpdateSource FileShares"),
                    c.parameters().get("commands"));
        });

        sweep(handler);
        assertTrue(deployment.inbox().drain().isEmpty(), "nothing changed: no alert");
        assertEquals(2, commands().size(), "and no new command");
    }

    @Test
    void alertNamesTheWorkSpaceUserAndTheCommand() throws Exception {
        String stuck = workspace("user-stuck");
        fleet.reportFor(stuck, 400, 1);

        sweep(handler(Map.of()));

        AlertInbox.Alert alert = deployment.inbox().drain().get(0);
        assertTrue(alert.subject().contains("WorkSpace " + stuck + " (user user-stuck"), alert.subject());
        assertTrue(alert.field("actionTaken").startsWith("Started Update-MpSignature from the default sources"),
                alert.field("actionTaken"));
        assertTrue(alert.field("actionTaken").contains(commands().get(0).commandId()));
    }

    @Test
    void aStoppedWorkSpaceGetsNoCommandAndAnOutageIsNotAStorm() throws Exception {
        String stopped = workspace("user-auto-stop");
        fleet.reportFor(stopped, 30, 72);
        fleet.stopWorkspace(stopped);

        sweep(handler(Map.of()));

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(1, alerts.size());
        assertTrue(alerts.get(0).field("seen").contains("The WorkSpace is STOPPED"));
        assertTrue(commands().isEmpty());
    }

    @Test
    void updatesPerRunAreLimitedAndInventoryIsReadByPages() throws Exception {
        for (int i = 0; i < 120; i++) {
            fleet.add(new DefenderFleet.Node("mi-0" + String.format("%016d", i), "HOST-" + i, "10.2.0." + i, 400, true,
                    Instant.now()));
        }
        AWS.standIn().resetCalls();

        JsonNode result = sweep(handler(Map.of("DEFENDER_MAX_UPDATES_PER_RUN", "5")));

        assertEquals(120, result.path("findings").size());
        assertEquals(5, commands().size());
        assertEquals(3, AWS.standIn().calls().stream().filter("AmazonSSM.GetInventory"::equals).count(),
                "120 nodes, 50 a page");
        assertEquals(2, AWS.standIn().calls().stream().filter("DynamoDB_20120810.BatchGetItem"::equals).count(),
                "their levels, 100 a page");
        assertEquals(5, AWS.standIn().calls().stream().filter("DynamoDB_20120810.BatchWriteItem"::equals).count(),
                "120 new levels, 25 a page");
        assertTrue(deployment.inbox().drain().stream().anyMatch(a -> a.field("actionTaken")
                .contains("already started 5 updates")));

        AWS.standIn().resetCalls();
        sweep(handler(Map.of("DEFENDER_MAX_UPDATES_PER_RUN", "5")));
        assertEquals(0, AWS.standIn().calls().stream().filter(c -> c.startsWith("DynamoDB_20120810.")
                && !c.endsWith("BatchGetItem")).count(), "no level changed: nothing written, " + AWS.standIn().calls());
    }
}
