package guardrails.directorytrust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import guardrails.local.AlertInbox;
import guardrails.local.CloudTrailEvents;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.directory.model.Tag;

/** G2 against the local emulator through the real SDK clients, from trust calls and from the hourly sweep. */
class TrustEndToEndTest {

    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    static final LocalAws AWS = LocalAws.shared();

    LocalAws.Deployment deployment;
    FieldScenario scenario;
    LocalInvoker handler;

    @BeforeEach
    void fieldScenario() {
        AWS.reset();
        deployment = AWS.deploy("REMEDIATE");
        scenario = FieldScenario.seed(AWS);
        handler = new LocalInvoker(Template.load().function("DirectoryTrustFunction"), deployment.environment());
    }

    String createTrustEvent() {
        return CloudTrailEvents.trustCall("aws.ds-CreateTrust.json", scenario.directoryId, scenario.trustId);
    }

    JsonNode sweep() throws Exception {
        return CloudTrailEvents.parse(handler.invoke(CloudTrailEvents.schedule(),
                QUIET));
    }

    static List<String> rules(List<AlertInbox.Alert> alerts) {
        return alerts.stream().map(AlertInbox.Alert::rule).sorted().collect(Collectors.toList());
    }

    @Test
    void seedScenarioGivesExactlyOneCriticalAlertAndTheSweepStaysQuiet() throws Exception {
        handler.invoke(createTrustEvent(), QUIET);

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(List.of("TRUST_NOT_TWO_WAY"), rules(alerts));
        AlertInbox.Alert alert = alerts.get(0);
        assertEquals("CRITICAL", alert.severity());
        assertEquals(scenario.trustId, alert.resourceId());
        assertTrue(alert.field("seen").contains("registered with WorkSpaces"), alert.field("seen"));
        assertTrue(alert.field("commands").contains("aws ds create-trust --directory-id " + scenario.directoryId));
        assertTrue(alert.field("actionTaken").contains("no trust is deleted or recreated automatically"),
                "REMEDIATE mode changes nothing and says so");

        assertEquals(0, sweep().path("findings").size(), "the sweep knows it was reported");
        assertEquals(0, sweep().path("findings").size());
        assertTrue(deployment.inbox().drain().isEmpty());
    }

    @Test
    void sweepReportsOnceAndSaysRecoveredWhenTheTrustIsTwoWayAndVerified() throws Exception {
        sweep();
        assertEquals(List.of("TRUST_NOT_TWO_WAY"), rules(deployment.inbox().drain()));
        sweep();
        assertTrue(deployment.inbox().drain().isEmpty(), "still broken: not reported again");

        scenario.recreateTrust("Two-Way");
        scenario.trustStateBecomes("Verified");
        sweep();
        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(List.of("TRUST_RECOVERED"), rules(alerts));
        assertEquals("INFO", alerts.get(0).severity());
        assertTrue(alerts.get(0).subject().contains("Recovered: "));
        sweep();
        assertTrue(deployment.inbox().drain().isEmpty());
    }

    @Test
    void trustPasswordNeverReachesALogAnAlertOrTheOutput() throws Exception {
        String canary = "CANARY-trust-password-7f3e9a1c";
        ObjectNode event = (ObjectNode) CloudTrailEvents.parse(createTrustEvent());
        ((ObjectNode) event.path("detail").path("requestParameters")).put("trustPassword", canary);

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        PrintStream stderr = System.err;
        System.setErr(capture);
        String output;
        try {
            output = handler.invoke(event.toString(), capture);
            output += handler.invoke(event.toString(), capture); // and the redelivery
        } finally {
            System.setErr(stderr);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        List<AlertInbox.Alert> alerts = deployment.inbox().drain();

        assertTrue(logs.contains("finding reported"), "the capture sees the function's logs");
        assertEquals(1, alerts.size());
        assertFalse(logs.contains(canary), "logs");
        assertFalse(output.contains(canary), "handler output");
        alerts.forEach(alert -> assertFalse(alert.body().toString().contains(canary) || alert.subject().contains(canary),
                "alerts"));
    }

    @Test
    void trustWithoutConditionalForwarderIsReported() throws Exception {
        scenario.removeConditionalForwarder();
        handler.invoke(createTrustEvent(), QUIET);
        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(List.of("TRUST_NOT_TWO_WAY", "TRUST_WITHOUT_CONDITIONAL_FORWARDER"), rules(alerts));
    }

    @Test
    void oneWayTrustByDesignOrOnAnExemptDirectoryIsQuiet() throws Exception {
        LocalInvoker allowing = new LocalInvoker(Template.load().function("DirectoryTrustFunction"),
                deployment.environmentWith("ONE_WAY_TRUSTS_BY_DESIGN",
                        scenario.directoryId + ":" + FieldScenario.TRUSTED_DOMAIN));
        assertEquals(0, allowing.run(createTrustEvent()).path("findings").size());

        AWS.client(DirectoryClient.builder()).addTagsToResource(r -> r.resourceId(scenario.directoryId)
                .tags(Tag.builder().key("guardrails:exempt").value("true").build()));
        assertEquals(0, handler.run(createTrustEvent()).path("findings").size());
        assertTrue(deployment.inbox().drain().isEmpty());
    }

    @Test
    void deletedTrustThatWorkSpacesUsersDependOnIsCritical() throws Exception {
        sweep(); // remembers which domain the trust is with: DeleteTrust's record names only its id
        deployment.inbox().drain();
        String user = "ONPREM\\" + FieldScenario.TRUSTED_USER;
        String workspaceId = scenario.createWorkspace(user, FieldScenario.WINDOWS_BUNDLE).pendingRequests().get(0)
                .workspaceId();
        String deletedTrust = scenario.trustId;
        AWS.client(DirectoryClient.builder()).deleteTrust(r -> r.trustId(deletedTrust));

        handler.invoke(CloudTrailEvents.trustCall("aws.ds-DeleteTrust.json", scenario.directoryId, deletedTrust), QUIET);

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(List.of("TRUST_DELETED_WITH_WORKSPACES"), rules(alerts));
        assertEquals("CRITICAL", alerts.get(0).severity());
        assertTrue(alerts.get(0).field("seen").contains(workspaceId + " (" + user + ")"));
    }

    @Test
    void fixThroughDeleteTrustAndCreateTrustEventsEndsRecovered() throws Exception {
        handler.invoke(createTrustEvent(), QUIET);
        String oldTrust = scenario.trustId;
        String newTrust = scenario.recreateTrust("Two-Way");
        scenario.trustStateBecomes("Verified");
        handler.invoke(CloudTrailEvents.trustCall("aws.ds-DeleteTrust.json", scenario.directoryId, oldTrust), QUIET);
        handler.invoke(CloudTrailEvents.trustCall("aws.ds-CreateTrust.json", scenario.directoryId, newTrust), QUIET);

        assertEquals(List.of("TRUST_NOT_TWO_WAY", "TRUST_RECOVERED"), rules(deployment.inbox().drain()),
                "no WorkSpaces user had a qualified name, so the deletion itself is not news");
    }

    @Test
    void redeliveredTrustCallAlertsOnce() throws Exception {
        String event = createTrustEvent();
        handler.invoke(event, QUIET);
        JsonNode again = handler.run(event);
        assertEquals(1, deployment.inbox().drain().size());
        assertEquals(0, again.path("findings").size());
    }

    /** The function's clients act in its own account: another account's event is never checked against it. */
    @Test
    void eventsFromAnotherAccountOrRegionAreRefused() throws Exception {
        String foreign = createTrustEvent().replace(LocalAws.ACCOUNT, "444455556666");
        AWS.standIn().resetCalls();
        JsonNode ignored = handler.invokeIn(LocalAws.ACCOUNT, LocalAws.REGION).run(foreign);
        assertEquals("FOREIGN_ACCOUNT", ignored.path("reason").asText());
        JsonNode otherRegion = handler.invokeIn(LocalAws.ACCOUNT, "eu-west-1").run(createTrustEvent());
        assertEquals("FOREIGN_ACCOUNT", otherRegion.path("reason").asText());
        assertTrue(deployment.inbox().drain().isEmpty());
        assertTrue(AWS.standIn().calls().stream().noneMatch(c -> c.startsWith("DirectoryService")),
                "nothing of this account was read for them: " + AWS.standIn().calls());
    }

    @Test
    void aFailedTrustCallIsIgnored() throws Exception {
        ObjectNode event = (ObjectNode) CloudTrailEvents.parse(createTrustEvent());
        ((ObjectNode) event.get("detail")).put("errorCode", "EntityAlreadyExistsException");
        JsonNode result = handler.run(event.toString());
        assertEquals("FAILED_CALL", result.path("reason").asText());
        assertTrue(deployment.inbox().drain().isEmpty());
    }

    @Test
    void aSweepSaysOnceWhenNoTrailDeliversTheCallsAndWhenOneDoesAgain() throws Exception {
        sweep();
        deployment.inbox().drain(); // the seed's one-way trust

        scenario.trailLogging(false);
        sweep();
        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(List.of("NO_TRAIL_DELIVERS_API_CALLS"), rules(alerts));
        String text = alerts.get(0).body().toString();
        assertTrue(text.contains(FieldScenario.TRAIL + " is not logging"), text);
        assertTrue(text.contains("start-logging"), "the alert says how to fix it: " + text);
        sweep();
        assertTrue(deployment.inbox().drain().isEmpty(), "said once");

        scenario.trailLogging(true);
        sweep();
        assertEquals(List.of("TRAIL_DELIVERS_API_CALLS_AGAIN"), rules(deployment.inbox().drain()));
        sweep();
        assertTrue(deployment.inbox().drain().isEmpty());
    }

    @Test
    void aCallNamingATrustTheAccountNoLongerHasSaysSoInOneLine() throws Exception {
        String event = CloudTrailEvents.trustCall("aws.ds-CreateTrust.json", scenario.directoryId, "t-9999999999");
        java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();

        JsonNode result = CloudTrailEvents.parse(handler.invoke(event, new PrintStream(lines, true,
                java.nio.charset.StandardCharsets.UTF_8)));

        assertEquals(0, result.path("findings").size());
        List<String> said = lines.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"message\":\"trust not found: nothing to check\"")).toList();
        assertEquals(1, said.size(), lines.toString());
        assertTrue(said.get(0).contains("\"trustId\":\"t-9999999999\""), said.get(0));
    }
}
