package guardrails.defenderdefinitions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.local.AlertInbox;
import guardrails.local.CloudTrailEvents;
import guardrails.local.DefenderFleet;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import guardrails.shared.reporting.FindingReporter;
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
import software.amazon.awssdk.services.workspaces.model.TerminateRequest;

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
        return new LocalInvoker(Template.load().function("DefenderDefinitionsFunction"), env);
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
        assertEquals(List.of("1", "1"), fleet.sentDocumentVersions(), "the deployed version, pinned");
        commands.forEach(c -> {
            // The template's own document, with the source and share as its parameters: no script text is sent.
            assertEquals(deployment.environment().get("DEFENDER_UPDATE_DOCUMENT"), c.documentName());
            assertEquals(Map.of("Source", List.of("FileShares"),
                    "SharePath", List.of("\\\\fs01.managed.example.net\\defender")), c.parameters());
        });

        sweep(handler);
        assertTrue(deployment.inbox().drain().isEmpty(), "nothing changed: no alert");
        assertEquals(2, commands().size(), "and no new command");
    }

    /**
     * Defender's own schedule follows SignatureFallbackOrder, which by default names only sources a closed network
     * cannot reach: the update document puts the share first, so one update is enough, not one per staleness cycle.
     */
    @Test
    void aNodeUpdatedFromTheShareKeepsItselfFreshSoNoWarningComesBackEachCycle() throws Exception {
        String stuck = workspace("user-stuck");
        DefenderFleet.Node node = fleet.reportFor(stuck, 400, 1);
        LocalInvoker handler = handler(Map.of("DEFENDER_UPDATE_SOURCE", "FileShares", "DEFENDER_FILE_SHARE_PATH",
                "\\\\fs01.corp.example.com\\defender"));

        sweep(handler);
        assertEquals(1, commands().size(), "updated from the share");
        fleet.runSentCommands();
        assertEquals("FileShares|MicrosoftUpdateServer|MMPC", fleet.fallbackOrderOf(node.nodeId()));
        sweep(handler);
        assertEquals(List.of("DEFENDER_OUT_OF_DATE", "DEFENDER_RECOVERED"), deployment.inbox().drain().stream()
                .map(AlertInbox.Alert::rule).toList());

        for (int week = 1; week <= 4; week++) {
            fleet.daysPass(7);
            sweep(handler);
        }

        assertTrue(deployment.inbox().drain().isEmpty(), "four weeks later still fresh: no WARNING, no recovery");
        assertEquals(1, commands().size(), "and no second update");
    }

    /** IAM lets G4 reach tagged nodes only: an untagged one is told how to enrol, and the others are still updated. */
    @Test
    void anUntaggedStaleNodeIsToldHowToEnrolAndTheOthersAreStillUpdated() throws Exception {
        DefenderFleet.Node untagged = fleet.reportFor(workspace("user-untagged"), 400, 1);
        fleet.reportFor(workspace("user-tagged"), 400, 1);
        fleet.untag(untagged.nodeId());
        LocalInvoker handler = handler(Map.of());

        JsonNode result = sweep(handler);

        assertEquals("handled", result.path("status").asText(), "one refused node does not fail the run");
        assertEquals(1, commands().size(), "the tagged node is updated");
        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        AlertInbox.Alert refused = alerts.stream().filter(a -> a.field("relatedResources").contains(untagged.nodeId()))
                .findFirst().orElseThrow();
        assertEquals("CRITICAL", refused.severity());
        assertTrue(refused.field("actionTaken").contains("AccessDeniedException"), refused.field("actionTaken"));
        assertTrue(refused.field("commands").startsWith("aws ssm add-tags-to-resource"
                + " --resource-type ManagedInstance --resource-id " + untagged.nodeId()
                + " --tags Key=guardrails:defender,Value=true\naws ssm send-command"), refused.field("commands"));
        assertEquals(2, alerts.size());

        sweep(handler);
        assertEquals(1, commands().size(), "not tried again until something changes");
        assertTrue(deployment.inbox().drain().isEmpty());
    }

    /**
     * Whoever can change documents cannot make G4 run their script as SYSTEM: a document deleted and created again
     * under its name is sent to no node, said once, and updates resume when the deployed content is restored.
     */
    @Test
    void aReplacedUpdateDocumentIsSentToNoNodeUntilItIsRestored() throws Exception {
        String document = deployment.environment().get("DEFENDER_UPDATE_DOCUMENT");
        String stuck = workspace("user-stuck");
        fleet.reportFor(stuck, 400, 1);
        SsmClient ssm = AWS.client(SsmClient.builder());
        var tampered = UpdateDocument.deployed();
        ((com.fasterxml.jackson.databind.node.ArrayNode) tampered.path("mainSteps").get(0).path("inputs")
                .path("runCommand")).add("Start-Process C:\\Users\\Public\\x.exe");
        ssm.deleteDocument(r -> r.name(document));
        ssm.createDocument(r -> r.name(document).content(tampered.toString()).documentType("Command")
                .documentFormat("JSON"));
        LocalInvoker handler = handler(Map.of());

        JsonNode result = sweep(handler);

        assertEquals("handled", result.path("status").asText());
        assertTrue(commands().isEmpty(), "the replaced document ran nowhere");
        Map<String, AlertInbox.Alert> alerts = deployment.inbox().drain().stream()
                .collect(Collectors.toMap(AlertInbox.Alert::rule, a -> a));
        AlertInbox.Alert documentAlert = alerts.get("UPDATE_DOCUMENT_NOT_DEPLOYED");
        assertEquals("CRITICAL", documentAlert.severity());
        assertEquals(document, documentAlert.resourceId());
        assertTrue(documentAlert.field("commands").contains("aws ssm create-document --name " + document
                + " --document-type Command --document-format JSON --content file://"
                + DefenderRules.DEPLOYED_COPY), documentAlert.field("commands"));
        assertTrue(alerts.get("DEFENDER_OUT_OF_DATE").field("actionTaken").startsWith("None yet: G4's update document "
                + document + " version 1 is not the content this stack deployed"),
                alerts.get("DEFENDER_OUT_OF_DATE").field("actionTaken"));

        sweep(handler);
        assertTrue(deployment.inbox().drain().isEmpty(), "said once");
        assertTrue(commands().isEmpty());

        // The alert's own restore steps, with the repository's copy of the deployed content.
        ssm.deleteDocument(r -> r.name(document));
        ssm.createDocument(r -> r.name(document).content(UpdateDocument.deployed().toPrettyString())
                .documentType("Command").documentFormat("JSON"));
        sweep(handler);

        assertEquals(1, commands().size(), "updates resume");
        assertTrue(deployment.inbox().drain().stream().anyMatch(a -> a.rule().equals("UPDATE_DOCUMENT_RESTORED")));
    }

    /** A newer version made the default (UpdateDocument) changes nothing G4 runs: it sends version 1. */
    @Test
    void aNewerDefaultVersionOfTheDocumentIsNotWhatG4Runs() throws Exception {
        String document = deployment.environment().get("DEFENDER_UPDATE_DOCUMENT");
        fleet.reportFor(workspace("user-stuck"), 400, 1);
        SsmClient ssm = AWS.client(SsmClient.builder());
        var newer = UpdateDocument.deployed();
        ((com.fasterxml.jackson.databind.node.ObjectNode) newer).put("description", "changed by someone");
        ssm.updateDocument(r -> r.name(document).content(newer.toString()).documentVersion("$LATEST"));
        ssm.updateDocumentDefaultVersion(r -> r.name(document).documentVersion("2"));

        sweep(handler(Map.of()));

        assertEquals(1, commands().size());
        assertEquals(List.of("1"), fleet.sentDocumentVersions());
        assertTrue(deployment.inbox().drain().stream().noneMatch(a -> a.rule().startsWith("UPDATE_DOCUMENT")));
    }

    @Test
    void alertNamesTheWorkSpaceUserAndTheCommand() throws Exception {
        String stuck = workspace("user-stuck");
        fleet.reportFor(stuck, 400, 1);

        sweep(handler(Map.of()));

        AlertInbox.Alert alert = deployment.inbox().drain().get(0);
        assertTrue(alert.subject().contains("Defender definitions 400 days old on WSAMZN-"), alert.subject());
        String title = alert.body().path("content").path("title").asText();
        assertTrue(title.contains("(" + stuck + ", user-stuck)"), title);
        assertTrue(alert.field("commands").startsWith("aws ssm list-command-invocations --instance-id mi-"),
                "where to see whether the update worked: " + alert.field("commands"));
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

        // 5 updates started, alerted each; of the 115 other stale nodes 5 more alone and 110 in one summary.
        assertEquals(11, result.path("findings").size());
        assertEquals(5, commands().size());
        assertEquals(3, AWS.standIn().calls().stream().filter("AmazonSSM.GetInventory"::equals).count(),
                "120 nodes, 50 a page");
        assertEquals(4, AWS.standIn().calls().stream().filter("DynamoDB_20120810.BatchGetItem"::equals).count(),
                "their WorkSpaces and their lifecycle records, 100 a page each");
        assertEquals(5, AWS.standIn().calls().stream().filter("DynamoDB_20120810.BatchWriteItem"::equals).count(),
                "120 new nodes, 25 a page");
        assertTrue(deployment.inbox().drain().stream().anyMatch(a -> a.field("actionTaken")
                .contains("already started 5 updates")));

        AWS.standIn().resetCalls();
        sweep(handler(Map.of("DEFENDER_MAX_UPDATES_PER_RUN", "5")));
        assertEquals(10, commands().size(), "the next run starts the next five updates owed: none is forgotten");
        List<AlertInbox.Alert> deferred = deployment.inbox().drain();
        assertEquals(5, deferred.size(), "each update started is said once");
        deferred.forEach(a -> assertTrue(a.field("actionTaken").startsWith("Started Update-MpSignature"),
                a.field("actionTaken")));
        assertEquals(0, AWS.standIn().calls().stream().filter("DynamoDB_20120810.BatchWriteItem"::equals).count(),
                "which WorkSpace each node is did not change");
    }

    @Test
    void threeHundredStaleNodesMakeOneSummaryAndAtMostTheLimitOfSingleAlerts() throws Exception {
        for (int i = 0; i < 300; i++) {
            fleet.add(new DefenderFleet.Node("mi-1" + String.format("%016d", i), "HOST-" + i, "10.3." + (i / 200) + "."
                    + (i % 200), 400, true, Instant.now()));
        }
        LocalInvoker alerting = new LocalInvoker(Template.load().function("DefenderDefinitionsFunction"),
                deployment.environmentWith("MODE", "ALERT"));

        sweep(alerting);

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(FindingReporter.ALONE_PER_RULE + 1, alerts.size(), "the limit alone, and one summary");
        List<AlertInbox.Alert> summaries = alerts.stream().filter(a -> a.resourceId().startsWith("summary-")).toList();
        assertEquals(1, summaries.size());
        AlertInbox.Alert summary = summaries.get(0);
        assertEquals("DEFENDER_OUT_OF_DATE", summary.rule());
        assertEquals("CRITICAL", summary.severity());
        assertTrue(summary.subject().contains("290 more resources"), summary.subject());
        assertTrue(summary.field("relatedResources").endsWith("and 240 more"), "bounded, with the count");

        sweep(alerting);
        assertTrue(deployment.inbox().drain().isEmpty(), "nothing changed: neither the summary nor a single alert again");
    }

    @Test
    void aNodeThatNeverUpdatedStillReportsAndIsCritical() throws Exception {
        String never = workspace("user-never");
        fleet.reportFor(never, DefenderFleet.NEVER_UPDATED, 1);

        sweep(handler(Map.of()));

        AlertInbox.Alert alert = deployment.inbox().drain().get(0);
        assertEquals("CRITICAL", alert.severity());
        assertTrue(alert.field("seen").contains("definitions were never updated"), alert.field("seen"));
        assertEquals(1, commands().size());
    }

    String terminateEvent(String workspaceId) {
        com.fasterxml.jackson.databind.node.ObjectNode event = CloudTrailEvents.fresh(
                "aws.workspaces-TerminateWorkspaces.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("detail").path("requestParameters")
                .path("terminateWorkspaceRequests").get(0)).put("workspaceId", workspaceId);
        return event.toString();
    }

    @Test
    void aTerminatedWorkSpacesNodeIsDeregistered() throws Exception {
        String leaving = workspace("user-leaving");
        DefenderFleet.Node node = fleet.reportFor(leaving, 1, 1);
        LocalInvoker handler = handler(Map.of());
        sweep(handler); // matches the node to its WorkSpace, and remembers it
        AWS.client(software.amazon.awssdk.services.workspaces.WorkSpacesClient.builder())
                .terminateWorkspaces(r -> r.terminateWorkspaceRequests(
                        TerminateRequest.builder().workspaceId(leaving).build()));

        JsonNode result = CloudTrailEvents.parse(handler.invoke(terminateEvent(leaving), QUIET));

        assertEquals("handled", result.path("status").asText());
        assertEquals(java.util.Set.of(node.nodeId()), fleet.deregistered());
        AlertInbox.Alert alert = deployment.inbox().drain().get(0);
        assertEquals("NODE_OF_TERMINATED_WORKSPACE", alert.rule());
        assertEquals("Deregistered the managed node " + node.nodeId() + ".", alert.field("actionTaken"));

        handler.run(terminateEvent(leaving)); // another TerminateWorkspaces of the same WorkSpace
        assertTrue(deployment.inbox().drain().get(0).field("actionTaken").contains("already deregistered"));
    }

    /** A TerminateWorkspaces call names a WorkSpace that is still there (its request failed): its node is kept. */
    @Test
    void aNodeIsDeregisteredOnlyOnceDescribeWorkspacesSaysItsWorkSpaceIsGone() throws Exception {
        String staying = workspace("user-staying");
        fleet.reportFor(staying, 1, 1);
        LocalInvoker handler = handler(Map.of());
        sweep(handler);
        AWS.standIn().resetCalls();

        JsonNode result = CloudTrailEvents.parse(handler.invoke(terminateEvent(staying), QUIET));

        assertEquals("handled", result.path("status").asText());
        assertTrue(AWS.standIn().calls().contains("WorkspacesService.DescribeWorkspaces"), "asked, not trusted");
        assertTrue(fleet.deregistered().isEmpty(), "the WorkSpace still exists: its node stays");
        assertFalse(AWS.standIn().calls().contains("AmazonSSM.DeregisterManagedInstance"));
        assertTrue(deployment.inbox().drain().isEmpty());
    }

    @Test
    void inAlertModeTheNodeIsReportedAndItsSilenceIsNoAlarm() throws Exception {
        String leaving = workspace("user-leaving");
        DefenderFleet.Node node = fleet.reportFor(leaving, 1, 1);
        LocalInvoker handler = handler(Map.of("MODE", "ALERT"));
        sweep(handler);
        AWS.client(software.amazon.awssdk.services.workspaces.WorkSpacesClient.builder())
                .terminateWorkspaces(r -> r.terminateWorkspaceRequests(
                        TerminateRequest.builder().workspaceId(leaving).build()));

        handler.invoke(terminateEvent(leaving), QUIET);

        assertTrue(fleet.deregistered().isEmpty());
        assertTrue(deployment.inbox().drain().get(0).field("actionTaken").contains("would deregister the managed"
                + " node " + node.nodeId()));
        fleet.lastReportedAt(node.nodeId(), Instant.now().minus(java.time.Duration.ofDays(3)));
        sweep(handler);
        List<AlertInbox.Alert> after = deployment.inbox().drain();
        assertTrue(after.isEmpty(), "a terminated WorkSpace's node is not 'stopped reporting': "
                + after.stream().map(a -> a.field("seen")).toList());
    }

    @Test
    void aTerminatedWorkSpaceNoSweepMatchedToANodeSaysSoInOneLine() throws Exception {
        String never = workspace("user-never-enrolled");
        java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();

        JsonNode result = CloudTrailEvents.parse(handler(Map.of()).invoke(terminateEvent(never),
                new java.io.PrintStream(lines, true, java.nio.charset.StandardCharsets.UTF_8)));

        assertEquals(0, result.path("findings").size());
        assertTrue(fleet.deregistered().isEmpty());
        List<String> said = lines.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"message\":\"managed node not found: nothing to deregister\"")).toList();
        assertEquals(1, said.size(), lines.toString());
        assertTrue(said.get(0).contains("\"workspaceId\":\"" + never + "\""), said.get(0));
    }
}
