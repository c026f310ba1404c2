package guardrails.workspacecreation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.local.AlertInbox;
import guardrails.local.CloudTrailEvents;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.StandIn;
import guardrails.local.Template;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.CreateWorkspacesResponse;
import software.amazon.awssdk.services.workspaces.model.TerminateRequest;
import software.amazon.awssdk.services.workspaces.model.WorkspaceRequest;

/**
 * G1 against the local emulator through the real SDK clients: the template's function, its production wiring,
 * the alerts as SNS delivers them to a subscribed queue, and the WorkSpaces as the emulator then shows them.
 */
class WorkspaceCreationEndToEndTest {

    static final String FUNCTION = "WorkspaceCreationFunction";
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    static final LocalAws AWS = LocalAws.shared();

    FieldScenario scenario;
    WorkSpacesClient workspaces;

    @BeforeEach
    void freshAccount() {
        AWS.reset();
        workspaces = AWS.client(WorkSpacesClient.builder());
    }

    LocalAws.Deployment deploy(String mode, String trustDirection) {
        LocalAws.Deployment deployment = AWS.deploy(mode);
        scenario = FieldScenario.seed(AWS, trustDirection);
        return deployment;
    }

    LocalInvoker handler(LocalAws.Deployment deployment) {
        return new LocalInvoker(Template.load().function(FUNCTION), deployment.environment());
    }

    String creationEvent(String sample, String user, String bundle, CreateWorkspacesResponse response) {
        return CloudTrailEvents.createWorkspaces(sample, scenario.directoryId, user, bundle, response);
    }

    /** The field scenario's mistake: a WorkSpace for the trusted-domain user on Amazon Linux 2, and its event. */
    Created trustedUserOnLinux() {
        CreateWorkspacesResponse response = scenario.createWorkspace(FieldScenario.TRUSTED_USER,
                FieldScenario.LINUX_BUNDLE);
        return new Created(response.pendingRequests().get(0).workspaceId(), creationEvent(
                "aws.workspaces-CreateWorkspaces-trusted-user-linux.json", FieldScenario.TRUSTED_USER,
                FieldScenario.LINUX_BUNDLE, response));
    }

    record Created(String workspaceId, String event) {
    }

    /** How many calls of this operation the stand-in saw. */
    static long callsTo(String operation) {
        return AWS.standIn().calls().stream().filter(operation::equals).count();
    }

    /** The event as a replay from the failed-events queue brings it: made an hour ago. */
    static String anHourLate(String event) {
        var late = (com.fasterxml.jackson.databind.node.ObjectNode) CloudTrailEvents.parse(event);
        ((com.fasterxml.jackson.databind.node.ObjectNode) late.get("detail")).put("eventTime",
                java.time.Instant.now().minus(java.time.Duration.ofHours(1)).toString());
        return late.toString();
    }

    /**
     * One invocation whose publish is refused (a topic policy changed: AuthorizationError, 403, in
     * sns/2010-03-31/service-2.json), so it fails and Lambda would retry it.
     */
    static void invocationFailsForItsAlert(LocalInvoker handler, String event) {
        AWS.standIn().serve("Publish", call -> StandIn.queryError(403, "AuthorizationError", "topic policy changed"));
        try {
            assertThrows(software.amazon.awssdk.services.sns.model.AuthorizationErrorException.class,
                    () -> handler.invoke(event, QUIET));
        } finally {
            AWS.standIn().stopServing("Publish");
        }
    }

    boolean exists(String workspaceId) {
        return !workspaces.describeWorkspaces(r -> r.workspaceIds(workspaceId)).workspaces().isEmpty();
    }

    static Set<String> rules(List<AlertInbox.Alert> alerts) {
        return alerts.stream().map(AlertInbox.Alert::rule).collect(Collectors.toSet());
    }

    static AlertInbox.Alert only(List<AlertInbox.Alert> alerts, String rule) {
        List<AlertInbox.Alert> matching = alerts.stream().filter(a -> a.rule().equals(rule)).toList();
        assertEquals(1, matching.size(), "exactly one " + rule + " alert in " + rules(alerts));
        return matching.get(0);
    }

    @Test
    void trustedDomainUserOnLinuxBundleIsTerminated() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "One-Way: Outgoing");
        Created created = trustedUserOnLinux();
        String workspaceId = created.workspaceId();

        JsonNode result = CloudTrailEvents.parse(handler(deployment).invoke(created.event(), QUIET));

        assertEquals("handled", result.path("status").asText());
        assertFalse(exists(workspaceId), "the unusable WorkSpace was terminated");
        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(Set.of("TRUSTED_USER_ON_NON_WINDOWS_BUNDLE", "USERS_ON_ONE_WAY_TRUST"), rules(alerts));
        AlertInbox.Alert terminated = only(alerts, "TRUSTED_USER_ON_NON_WINDOWS_BUNDLE");
        assertEquals("CRITICAL", terminated.severity());
        assertEquals(workspaceId, terminated.resourceId());
        assertTrue(terminated.field("actionTaken").startsWith("Terminated " + workspaceId + ". Fixed by"
                + " G1-workspace-creation at "), terminated.field("actionTaken"));
        assertTrue(terminated.field("seen").contains("Directory Service Data API found test-1 in the trusted realm"
                + " onprem.example.net"), "says which evidence was used");
        assertTrue(terminated.field("seen").contains("found only a disabled account test-1 in the directory's own"
                + " domain (managed.example.net) whose UPN ends in @onprem.example.net (the shadow account"),
                "the own domain was asked too, and its shadow account (F3) counted for: " + terminated.field("seen"));
        assertTrue(terminated.field("operatorAction").contains(FieldScenario.WINDOWS_BUNDLE),
                "names a Windows bundle to use instead");
        assertTrue(terminated.field("operatorAction").startsWith("Create a WorkSpace again for test-1 on a Windows"
                + " bundle"), "what is left once it is terminated, not \"Terminate\": "
                + terminated.field("operatorAction"));
        // Message attributes let subscriptions filter; the body is a Chatbot custom notification.
        assertEquals("G1-workspace-creation", terminated.attributes().path("guardrail").path("Value").asText());
        assertEquals(LocalAws.ACCOUNT, terminated.attributes().path("account").path("Value").asText());
        assertEquals(LocalAws.REGION, terminated.attributes().path("region").path("Value").asText());
        assertEquals("custom", terminated.body().path("source").asText());
        assertTrue(terminated.subject().startsWith("[CRITICAL] Terminated " + workspaceId + ": not Windows"),
                "the outcome first: " + terminated.subject());
        assertTrue(terminated.field("commands").startsWith("aws workspaces create-workspaces --workspaces DirectoryId="),
                "the command that recreates it, not the termination: " + terminated.field("commands"));
        assertTrue(only(alerts, "USERS_ON_ONE_WAY_TRUST").field("commands").contains("--trust-direction Two-Way"));
    }

    @Test
    void alertModeReportsWhatItWouldDoAndTerminatesNothing() throws Exception {
        LocalAws.Deployment deployment = deploy("ALERT", "One-Way: Outgoing");
        Created created = trustedUserOnLinux();
        String workspaceId = created.workspaceId();

        handler(deployment).invoke(created.event(), QUIET);

        assertTrue(exists(workspaceId));
        assertEquals("Nothing (mode is ALERT). In REMEDIATE mode the guardrail would terminate " + workspaceId + ".",
                only(deployment.inbox().drain(), "TRUSTED_USER_ON_NON_WINDOWS_BUNDLE").field("actionTaken"));
        assertFalse(AWS.standIn().calls().contains("WorkspacesService.TerminateWorkspaces"));
    }

    /**
     * The mode's SSM parameter (template.yaml's WorkspaceCreationModeParameter) switches G1 without a redeploy: set
     * to ALERT over a REMEDIATE template, G1 only reports; gone, the template's mode is back; unreadable (InvalidKeyId,
     * which GetParameter declares in ssm/2014-11-06/service-2.json), G1 does not act on a guess.
     */
    @Test
    void theModeParameterSwitchesG1WithoutARedeploy() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "One-Way: Outgoing");
        String parameter = "/workspaces-guardrails/G1-workspace-creation/mode";
        var ssm = AWS.client(software.amazon.awssdk.services.ssm.SsmClient.builder());
        var environment = deployment.environmentWith("MODE_PARAMETER", parameter);
        ssm.putParameter(r -> r.name(parameter).value("ALERT").type("String"));

        Created switchedOff = trustedUserOnLinux();
        new LocalInvoker(Template.load().function(FUNCTION), environment).invoke(switchedOff.event(), QUIET);
        assertTrue(exists(switchedOff.workspaceId()), "the parameter says ALERT");
        assertTrue(only(deployment.inbox().drain(), "TRUSTED_USER_ON_NON_WINDOWS_BUNDLE").field("actionTaken")
                .startsWith("Nothing (mode is ALERT)."));

        AWS.standIn().serve("AmazonSSM.GetParameter", call -> StandIn.Reply.error(400, "InvalidKeyId",
                "the parameter's key is disabled", null));
        Created unreadable = trustedUserOnLinux();
        java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();
        try {
            new LocalInvoker(Template.load().function(FUNCTION), environment).invoke(unreadable.event(),
                    new PrintStream(lines, true, java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            AWS.standIn().stopServing("AmazonSSM.GetParameter");
        }
        assertTrue(exists(unreadable.workspaceId()), "a mode that cannot be read is ALERT");
        assertTrue(lines.toString(java.nio.charset.StandardCharsets.UTF_8).lines().anyMatch(line ->
                line.contains("\"message\":\"mode parameter unreadable: acting in ALERT mode\"")
                        && line.contains("\"errorType\":\"InvalidKeyIdException\"")), lines.toString());
        deployment.inbox().drain();

        ssm.deleteParameter(r -> r.name(parameter));
        Created templateMode = trustedUserOnLinux();
        new LocalInvoker(Template.load().function(FUNCTION), environment).invoke(templateMode.event(), QUIET);
        assertFalse(exists(templateMode.workspaceId()), "no parameter: the template's REMEDIATE");
        assertTrue(AWS.standIn().calls().contains("AmazonSSM.GetParameter"));
    }

    @Test
    void redeliveredEventAlertsOnceAndTerminatesOnce() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "One-Way: Outgoing");
        String event = trustedUserOnLinux().event();
        LocalInvoker handler = handler(deployment);

        handler.invoke(event, QUIET);
        JsonNode second = handler.run(event);
        JsonNode third = handler.run(event);

        assertEquals(2, deployment.inbox().drain().size(), "two findings, each published once");
        assertEquals(0, second.path("findings").size());
        assertEquals(0, third.path("findings").size());
        assertEquals(1, callsTo("WorkspacesService.TerminateWorkspaces"), "terminated once: its record knows it is"
                + " gone, so the event's copy is not judged again");
    }

    @Test
    void exemptWorkSpaceIsLeftAlone() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "One-Way: Outgoing");
        Created created = trustedUserOnLinux();
        String workspaceId = created.workspaceId();
        scenario.tagWorkspace(workspaceId, "guardrails:exempt", "true");

        handler(deployment).invoke(created.event(), QUIET);

        assertTrue(exists(workspaceId), "an exempt WorkSpace is not terminated");
        assertEquals(Set.of("USERS_ON_ONE_WAY_TRUST", guardrails.shared.lifecycle.Lifecycle.EXEMPT),
                rules(deployment.inbox().drain()), "the directory's trust is not exempt, the WorkSpace is, and an"
                        + " exemption is said once, never silent");
    }

    @Test
    void trustedUserOnWindowsWithTwoWayVerifiedTrustRaisesNothing() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "Two-Way");
        scenario.trustStateBecomes("Verified");
        String user = "ONPREM\\" + FieldScenario.TRUSTED_USER;
        CreateWorkspacesResponse created = scenario.createWorkspace(user, FieldScenario.WINDOWS_BUNDLE);

        JsonNode result = CloudTrailEvents.parse(handler(deployment).invoke(creationEvent(
                "aws.workspaces-CreateWorkspaces-trusted-user-windows.json", user, FieldScenario.WINDOWS_BUNDLE,
                created), QUIET));

        assertEquals(0, result.path("findings").size(), result.toString());
        assertTrue(deployment.inbox().drain().isEmpty());
        assertTrue(exists(created.pendingRequests().get(0).workspaceId()));
        assertFalse(AWS.standIn().calls().contains("/Users/DescribeUser"), "a qualified name needs no look-up");
    }

    @Test
    void trustedUserOnWindowsWithOneWayTrustGetsTheTrustAlertOnly() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "One-Way: Outgoing");
        String user = "ONPREM\\" + FieldScenario.TRUSTED_USER;
        CreateWorkspacesResponse created = scenario.createWorkspace(user, FieldScenario.WINDOWS_BUNDLE);

        handler(deployment).invoke(creationEvent("aws.workspaces-CreateWorkspaces-trusted-user-windows.json", user,
                FieldScenario.WINDOWS_BUNDLE, created), QUIET);

        AlertInbox.Alert trust = only(deployment.inbox().drain(), "USERS_ON_ONE_WAY_TRUST");
        assertEquals(scenario.trustId, trust.resourceId());
        assertTrue(exists(created.pendingRequests().get(0).workspaceId()));
    }

    @Test
    void directoryUserOnLinuxRaisesNothing() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "One-Way: Outgoing");
        CreateWorkspacesResponse created = scenario.createWorkspace(FieldScenario.DIRECTORY_USER, FieldScenario.LINUX_BUNDLE);

        JsonNode result = CloudTrailEvents.parse(handler(deployment).invoke(creationEvent(
                "aws.workspaces-CreateWorkspaces-directory-user.json", FieldScenario.DIRECTORY_USER,
                FieldScenario.LINUX_BUNDLE, created), QUIET));

        assertEquals(0, result.path("findings").size(), result.toString());
        assertTrue(exists(created.pendingRequests().get(0).workspaceId()));
        assertEquals(1, callsTo("/Users/DescribeUser"),
                "one look-up: one trusted realm, not found there");
    }

    @Test
    void aWorkSpaceWhoseDirectoryIsNoLongerRegisteredSaysSoInOneLine() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "One-Way: Outgoing");
        Created created = trustedUserOnLinux();
        workspaces.deregisterWorkspaceDirectory(r -> r.directoryId(scenario.directoryId));
        java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();

        JsonNode result = CloudTrailEvents.parse(handler(deployment).invoke(created.event(),
                new java.io.PrintStream(lines, true, java.nio.charset.StandardCharsets.UTF_8)));

        assertEquals(0, result.path("findings").size(), result.toString());
        assertTrue(exists(created.workspaceId()), "nothing to judge it against: never terminated");
        List<String> said = lines.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"message\":\"directory not found: WorkSpace not checked\"")).toList();
        assertEquals(1, said.size(), lines.toString());
        assertTrue(said.get(0).contains("\"workspaceId\":\"" + created.workspaceId() + "\"")
                && said.get(0).contains("\"directoryId\":\"" + scenario.directoryId + "\""), said.get(0));
    }

    @Test
    void namesakeInTheDirectoryAndTheTrustedDomainIsNeverTerminated() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "Two-Way");
        scenario.addUser(FieldScenario.MANAGED_DOMAIN, FieldScenario.TRUSTED_USER, true);
        Created created = trustedUserOnLinux();

        JsonNode result = CloudTrailEvents.parse(handler(deployment).invoke(created.event(), QUIET));

        assertEquals("handled", result.path("status").asText());
        assertTrue(exists(created.workspaceId()), "WorkSpaces does not say which account it bound: no termination");
        AlertInbox.Alert warning = only(deployment.inbox().drain(), "AMBIGUOUS_USER_IDENTITY");
        assertEquals("WARNING", warning.severity());
        assertEquals(created.workspaceId(), warning.resourceId());
        assertTrue(warning.field("seen").contains("enabled account test-1 in the directory's own domain"
                + " (managed.example.net) and an account test-1 in the trusted realm onprem.example.net"),
                warning.field("seen"));
        assertTrue(warning.field("operatorAction").contains("test-1@onprem.example.net"), "how to settle it");
        assertFalse(AWS.standIn().calls().contains("WorkspacesService.TerminateWorkspaces"));
    }

    /**
     * The lasting refusals DescribeUser declares (ds-data/2023-05-31/service-2.json): each ends the invocation
     * normally with a WARNING naming the reason and the fix; nothing is terminated and nothing is retried.
     */
    @Test
    void lastingDataApiRefusalsAreWarningsNotRetries() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "Two-Way");
        LocalInvoker handler = handler(deployment);
        record Refusal(int status, String type, String reason, String fix) {
        }
        for (Refusal refusal : List.of(
                new Refusal(400, "DirectoryUnavailableException", "TRUST_AUTH_FAILURE", "aws ds verify-trust"),
                new Refusal(400, "ValidationException", "INVALID_REALM", "Two-Way and Verified"),
                new Refusal(403, "AccessDeniedException", "IAM_AUTH", "ds:AccessDSData"),
                new Refusal(403, "AccessDeniedException", "DIRECTORY_AUTH", "describe-directory-data-access"),
                new Refusal(400, "DirectoryUnavailableException", "INVALID_DIRECTORY_STATE", "is not Active"))) {
            scenario.refuseUserLookups(FieldScenario.TRUSTED_DOMAIN, refusal.status(), refusal.type(),
                    refusal.reason());
            Created created = trustedUserOnLinux();

            JsonNode result = CloudTrailEvents.parse(handler.invoke(created.event(), QUIET));

            assertEquals("handled", result.path("status").asText(), refusal.toString());
            assertTrue(exists(created.workspaceId()), refusal + ": nothing terminated");
            AlertInbox.Alert warning = only(deployment.inbox().drain(), "USER_IDENTITY_NOT_CHECKED");
            assertEquals("WARNING", warning.severity());
            assertTrue(warning.field("seen").contains(refusal.type() + " (" + refusal.reason() + ")"),
                    warning.field("seen"));
            assertTrue(warning.field("operatorAction").contains(refusal.fix()), warning.field("operatorAction"));
        }
    }

    @Test
    void busyDirectoryIsAskedAgainBeforeItCountsAsRefused() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "Two-Way");
        scenario.refuseUserLookups(null, 400, "DirectoryUnavailableException", "DIRECTORY_TIMEOUT");
        Created created = trustedUserOnLinux();
        AWS.standIn().resetCalls();

        handler(deployment).invoke(created.event(), QUIET);

        // The model marks DirectoryUnavailableException retryable: the SDK's three attempts, then a WARNING.
        assertEquals(3, callsTo("/Users/DescribeUser"),
                "three attempts at a directory that timed out");
        assertTrue(only(deployment.inbox().drain(), "USER_IDENTITY_NOT_CHECKED").field("operatorAction")
                .contains("overloaded"));
        assertTrue(exists(created.workspaceId()));
    }

    /** Throttling and 5xx are passing conditions: the SDK retries them, then the invocation fails so Lambda does. */
    @Test
    void throttledAndFailingDataApiFailsTheInvocationSoLambdaRetries() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "Two-Way");
        LocalInvoker handler = handler(deployment);
        Created created = trustedUserOnLinux();

        scenario.refuseUserLookups(null, 429, "ThrottlingException", null);
        assertThrows(software.amazon.awssdk.services.directoryservicedata.model.ThrottlingException.class,
                () -> handler.invoke(created.event(), QUIET));
        scenario.refuseUserLookups(null, 500, "InternalServerException", null);
        assertThrows(software.amazon.awssdk.services.directoryservicedata.model.InternalServerException.class,
                () -> handler.invoke(created.event(), QUIET));
        assertTrue(deployment.inbox().drain().isEmpty());
        assertTrue(exists(created.workspaceId()));
    }

    @Test
    void dataApiOffGivesAWarningInsteadOfAGuess() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "Two-Way");
        scenario.disableDataApi();
        Created created = trustedUserOnLinux();

        handler(deployment).invoke(created.event(), QUIET);

        AlertInbox.Alert warning = only(deployment.inbox().drain(), "DATA_API_NOT_ENABLED");
        assertEquals("WARNING", warning.severity());
        assertTrue(warning.field("commands").contains("enable-directory-data-access"));
        assertTrue(exists(created.workspaceId()), "nothing terminated on a guess");
    }

    @Test
    void refusedRequestIsReportedWithItsLikelyCause() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "One-Way: Outgoing");
        // moto refuses a request for a directory that is not registered, as WorkSpaces does.
        CreateWorkspacesResponse refused = AWS.client(WorkSpacesClient.builder()).createWorkspaces(r -> r.workspaces(WorkspaceRequest.builder()
                .directoryId("d-0000000001").userName("someone").bundleId(FieldScenario.LINUX_BUNDLE).build()));
        assertEquals(1, refused.failedRequests().size());
        String event = CloudTrailEvents.createWorkspaces("aws.workspaces-CreateWorkspaces-partly-failed.json",
                "d-0000000001", "someone", FieldScenario.LINUX_BUNDLE, refused);

        handler(deployment).invoke(event, QUIET);

        AlertInbox.Alert alert = only(deployment.inbox().drain(), "CREATE_REQUEST_FAILED");
        assertTrue(alert.field("seen").contains("ResourceNotFound.Directory"));
        assertTrue(alert.field("operatorAction").contains("not registered with WorkSpaces"));
    }

    /**
     * A user name is whatever the caller typed (1-63 characters, no pattern: workspaces/2015-04-08 UserName): in a
     * failed request it reaches the alert, and nothing of it may be live in any protocol, chat or email.
     */
    @Test
    void aHostileUserNameInAFailedRequestIsInertInEveryProtocol() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "One-Way: Outgoing");
        String hostile = "<!channel> <https://evil.example/login|Open your WorkSpace>\u200B*bold*[x](https://e.example)"
                + new String(Character.toChars(0xE0041));
        CreateWorkspacesResponse refused = AWS.client(WorkSpacesClient.builder()).createWorkspaces(r -> r.workspaces(
                WorkspaceRequest.builder().directoryId("d-0000000001").userName(hostile)
                        .bundleId(FieldScenario.LINUX_BUNDLE).build()));
        String event = CloudTrailEvents.createWorkspaces("aws.workspaces-CreateWorkspaces-partly-failed.json",
                "d-0000000001", hostile, FieldScenario.LINUX_BUNDLE, refused);

        handler(deployment).invoke(event, QUIET);

        AlertInbox.Alert alert = only(deployment.inbox().drain(), "CREATE_REQUEST_FAILED");
        var content = alert.body().path("content");
        // What the finding says (the console links after it are this code's own, and live).
        String chat = content.path("title").asText() + content.path("description").asText()
                + content.path("nextSteps").get(0).asText();
        assertTrue(chat.contains("&lt;!channel&gt;"), chat);
        for (String live : List.of("<!", "<http", "*bold*", "](", "://evil", "\u200B")) {
            assertFalse(chat.contains(live), live + " is live in the chat notification: " + chat);
        }
        for (String text : List.of(chat, alert.email(), alert.subject(), alert.field("seen"))) {
            assertTrue(text.codePoints().noneMatch(c -> Character.getType(c) == Character.FORMAT),
                    "an invisible character reached " + text);
        }
        assertTrue(alert.email().contains("<!channel> <https://evil.example/login|Open your WorkSpace>*bold*"),
                "email is plain text: the name as typed, less what is invisible: " + alert.email());
    }

    @Test
    void alertThatCannotBePublishedFailsTheInvocationAndArrivesOnRetry() throws Exception {
        LocalAws.Deployment deployment = deploy("ALERT", "One-Way: Outgoing");
        String event = trustedUserOnLinux().event();
        LocalInvoker handler = handler(deployment);

        AWS.standIn().serve("Publish", call -> StandIn.Reply.error(503, "ServiceUnavailable", "SNS is down", null));
        try {
            assertThrows(software.amazon.awssdk.services.sns.model.SnsException.class, () -> handler.invoke(event, QUIET),
                    "Lambda must retry this invocation");
        } finally {
            AWS.standIn().stopServing("Publish");
        }
        assertTrue(deployment.inbox().drain().isEmpty());

        JsonNode retry = handler.run(event);
        assertEquals(2, retry.path("findings").size(), "the claims were given back, so the retry publishes");
        assertEquals(2, deployment.inbox().drain().size());
    }

    /** REMEDIATE terminates before it publishes: a retry after a failed publish still says what was done. */
    @Test
    void terminationWhoseAlertFailedIsStillReportedAsOursOnRetry() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "One-Way: Outgoing");
        Created created = trustedUserOnLinux();
        LocalInvoker handler = handler(deployment);

        invocationFailsForItsAlert(handler, created.event());
        assertFalse(exists(created.workspaceId()), "terminated before the publish failed");

        handler.run(created.event());

        // The termination and its alert were written to the WorkSpace's record before the publish failed.
        String action = only(deployment.inbox().drain(), "TRUSTED_USER_ON_NON_WINDOWS_BUNDLE").field("actionTaken");
        assertTrue(action.startsWith("Terminated " + created.workspaceId() + "."), action);
        assertEquals(1, callsTo("WorkspacesService.TerminateWorkspaces"), "terminated once");
    }

    /** A replay from the failed-events queue, an hour late, of a WorkSpace terminated meanwhile. */
    @Test
    void replayedEventOfAWorkSpaceGoneSinceIsReportedAsGoneNotJudged() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "One-Way: Outgoing");
        Created created = trustedUserOnLinux();
        workspaces.terminateWorkspaces(r -> r.terminateWorkspaceRequests(
                TerminateRequest.builder().workspaceId(created.workspaceId()).build()));
        String late = anHourLate(created.event());

        handler(deployment).invoke(late, QUIET);

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(Set.of("WORKSPACE_GONE_BEFORE_CHECK"), rules(alerts),
                "the event's own copy (a Linux bundle, a trusted user) is not judged");
        assertEquals("INFO", alerts.get(0).severity());
        assertFalse(AWS.standIn().calls().contains("/Users/DescribeUser"));
    }

    /** The replay of an event whose first attempt terminated the WorkSpace and then failed to publish. */
    @Test
    void replayOfAnEventWhoseTerminationWasNeverAlertedSaysWhatThisGuardrailDid() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "One-Way: Outgoing");
        Created created = trustedUserOnLinux();
        LocalInvoker handler = handler(deployment);
        invocationFailsForItsAlert(handler, created.event());
        String late = anHourLate(created.event());

        handler.run(late);

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(Set.of("TRUSTED_USER_ON_NON_WINDOWS_BUNDLE"), rules(alerts), "what was done, not \"gone\"");
        AlertInbox.Alert alert = alerts.get(0);
        assertEquals("CRITICAL", alert.severity());
        assertTrue(alert.field("actionTaken").startsWith("Terminated " + created.workspaceId() + "."),
                alert.field("actionTaken"));
    }

    /** Fields far beyond AWS's limits: no poison message, and every finding of the event still goes out. */
    @Test
    void oversizedEventFieldsDoNotStopTheFindingsAfterThem() throws Exception {
        LocalAws.Deployment deployment = deploy("ALERT", "One-Way: Outgoing");
        com.fasterxml.jackson.databind.node.ObjectNode event = CloudTrailEvents.load(
                "aws.workspaces-CreateWorkspaces-partly-failed.json");
        var detail = (com.fasterxml.jackson.databind.node.ObjectNode) event.get("detail");
        detail.put("eventID", "e".repeat(3000));
        detail.put("eventTime", java.time.Instant.now().minus(java.time.Duration.ofHours(1)).toString());
        var failed = (com.fasterxml.jackson.databind.node.ArrayNode) detail.path("responseElements")
                .path("failedRequests");
        var huge = failed.get(0).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) huge.get("workspaceRequest"))
                .put("userName", "\u8a66\n".repeat(1500));
        failed.insert(0, huge);

        JsonNode result = handler(deployment).run(event.toString());

        assertEquals("handled", result.path("status").asText());
        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(3, alerts.size(), "the oversized request, the normal one and the gone WorkSpace: " + rules(alerts));
        alerts.forEach(alert -> assertTrue(alert.field("seen").length() <= 2_000));
        assertTrue(alerts.stream().anyMatch(a -> a.field("seen").contains("ONPREM\\test-3")), "the one after it");
    }

    @Test
    void unusableEventsEndInOneLineAndNoAlert() throws Exception {
        LocalAws.Deployment deployment = deploy("REMEDIATE", "One-Way: Outgoing");
        LocalInvoker handler = handler(deployment);

        JsonNode malformed = handler.run(CloudTrailEvents.load(
                "aws.workspaces-CreateWorkspaces-malformed.json").toString());
        JsonNode notJson = handler.run("{\"detail\": password=hunter2");
        JsonNode failedCall = handler.run(CloudTrailEvents.load(
                "aws.workspaces-CreateWorkspaces-access-denied.json").toString());

        assertEquals("ignored", malformed.path("status").asText());
        assertEquals("MISSING_FIELD", malformed.path("reason").asText());
        assertEquals("MALFORMED_JSON", notJson.path("reason").asText());
        assertFalse(notJson.toString().contains("hunter2"), "the parser's quote of the input is not repeated");
        assertEquals("FAILED_CALL", failedCall.path("reason").asText());
        assertTrue(deployment.inbox().drain().isEmpty());
    }

    /** The API economy of one CreateWorkspaces event with 25 WorkSpaces, counted at the wire. */
    @Test
    void twentyFiveWorkSpacesCostAFewBatchedReads() throws Exception {
        LocalAws.Deployment deployment = deploy("ALERT", "One-Way: Outgoing");
        List<String> users = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            users.add("user-" + i);
        }
        CreateWorkspacesResponse created = AWS.client(WorkSpacesClient.builder()).createWorkspaces(r -> r.workspaces(
                users.stream().map(u -> software.amazon.awssdk.services.workspaces.model.WorkspaceRequest.builder()
                        .directoryId(scenario.directoryId).userName(u).bundleId(FieldScenario.LINUX_BUNDLE).build())
                        .toList()));
        assertEquals(25, created.pendingRequests().size());
        String event = CloudTrailEvents.createWorkspaces("aws.workspaces-CreateWorkspaces-directory-user.json",
                scenario.directoryId, "user-1", FieldScenario.LINUX_BUNDLE, created);
        LocalInvoker handler = handler(deployment);
        AWS.standIn().resetCalls();

        handler.invoke(event, QUIET);

        Map<String, Long> calls = AWS.standIn().calls().stream()
                .collect(Collectors.groupingBy(c -> c, java.util.TreeMap::new, Collectors.counting()));
        long lookups = calls.getOrDefault("/Users/DescribeUser", 0L);
        long reads = calls.entrySet().stream()
                .filter(e -> !e.getKey().equals("/Users/DescribeUser") && !e.getKey().startsWith("DynamoDB")
                        && !e.getKey().equals("Publish"))
                .mapToLong(Map.Entry::getValue).sum();
        System.out.println("figure: AWS calls for one 25-WorkSpace CreateWorkspaces event: " + calls);
        assertEquals(25, lookups, "one identity look-up per user on a non-Windows bundle (one trusted realm)");
        assertTrue(reads <= 8, "at most 8 other reads, got " + calls);
        assertEquals(0, calls.getOrDefault("DynamoDB_20120810.UpdateItem", 0L), "no finding, nothing recorded");
    }
}
