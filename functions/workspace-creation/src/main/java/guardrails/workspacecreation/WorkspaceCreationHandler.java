package guardrails.workspacecreation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import guardrails.shared.Json;
import guardrails.shared.config.AwsClients;
import guardrails.shared.config.GuardrailsConfig;
import guardrails.shared.directory.Trust;
import guardrails.shared.directory.TrustDirection;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.lambda.GuardrailHandler;
import guardrails.shared.lambda.Tenancy;
import guardrails.shared.priming.Priming;
import guardrails.shared.reporting.GuardrailMetrics;
import guardrails.shared.reporting.Reporting;
import guardrails.shared.reporting.Tracking;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.directoryservicedata.DirectoryServiceDataClient;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/** G1's Lambda entry point: wiring, then one call. The rules are in {@link WorkspaceCreationRules}. */
public final class WorkspaceCreationHandler extends GuardrailHandler {

    /** Lambda's constructor: real clients, built once per container (during init, so SnapStart keeps them). */
    public WorkspaceCreationHandler() {
        this(System.getenv());
    }

    /** The local runner's constructor: the same wiring, configuration from the map given. */
    public WorkspaceCreationHandler(Map<String, String> env) {
        this(wire(GuardrailsConfig.fromEnvironment(env)), GuardrailMetrics.standardOutput(),
                Tenancy.OWN_ONLY);
    }

    public WorkspaceCreationHandler(WorkspaceCreationGuard guard, GuardrailMetrics metrics, Tenancy tenancy) {
        super(WorkspaceCreationRules.GUARDRAIL, guard::handle, metrics, tenancy);
    }

    private static WorkspaceCreationGuard wire(GuardrailsConfig config) {
        String region = config.region();
        Reporting reporting = Reporting.wire(config);
        WorkSpacesClient workspaces = AwsClients.build(WorkSpacesClient.builder(), region);
        DirectoryClient directory = AwsClients.build(DirectoryClient.builder(), region);
        var gateway = new AwsWorkspaceCreationGateway(workspaces, directory,
                AwsClients.build(DirectoryServiceDataClient.builder(), region));
        Priming.registerCalls(() -> workspaces.describeWorkspaceDirectories(r -> r.limit(1)),
                () -> directory.describeDirectories(r -> r.limit(1)));
        Priming.registerCalls(AwsWorkspaceCreationGateway.primingCalls(region));
        Priming.registerCalls(primingEvent(config));
        return new WorkspaceCreationGuard(gateway, reporting.reporter(),
                Tracking.wire(WorkspaceCreationRules.GUARDRAIL, reporting, config), Clock.systemUTC());
    }

    /**
     * SnapStart priming: one CreateWorkspaces event for a trusted-domain user on a Linux bundle through the whole
     * pipeline (identity, rules, reporter, the termination in REMEDIATE mode, alert), on a sample gateway and clients
     * that send nothing.
     */
    private static Runnable primingEvent(GuardrailsConfig config) {
        String directoryId = "d-0000000000";
        Workspace workspace = new Workspace("ws-000000000", directoryId, "priming", "wsb-000000000", "PENDING",
                Platform.NON_WINDOWS);
        WorkspaceCreationGateway sample = new WorkspaceCreationGateway() {
            @Override
            public List<Workspace> describeWorkspaces(Collection<String> workspaceIds) {
                return List.of(workspace);
            }

            @Override
            public List<Workspace> allWorkspaces() {
                return List.of(workspace);
            }

            @Override
            public Map<String, Directory> describeDirectories(Collection<String> directoryIds) {
                return Map.of(directoryId, new Directory(directoryId, "corp.example.com", "CORP", List.of(
                        new Trust("t-0000000000", "example.org", TrustDirection.TWO_WAY, "Verified", null))));
            }

            @Override
            public Map<String, Bundle> describeBundles(Collection<String> bundleIds) {
                return Map.of("wsb-000000000", new Bundle("wsb-000000000", "Amazon Linux 2", "AMAZON",
                        Platform.NON_WINDOWS));
            }

            @Override
            public List<Bundle> windowsBundles() {
                return List.of(new Bundle("wsb-000000001", "Standard with Windows 10", "AMAZON", Platform.WINDOWS));
            }

            @Override
            public UserLookup lookupUser(Directory directory, String userName) {
                return new UserLookup(new UserLookup.Absent(),
                        Map.of("example.org", new UserLookup.Account(true, "example.org")));
            }

            @Override
            public Map<String, String> workspaceTags(String workspaceId) {
                return Map.of();
            }

            @Override
            public String terminate(String workspaceId) {
                return "priming: nothing terminated";
            }
        };
        Reporting offline = Reporting.offline(config);
        var guard = new WorkspaceCreationGuard(sample, offline.reporter(),
                Tracking.offline(WorkspaceCreationRules.GUARDRAIL, offline, config), Clock.systemUTC());
        return () -> guard.handle(EventEnvelope.from(primingCall(config.region(), workspace)));
    }

    /** A CreateWorkspaces record as EventBridge delivers it, made now so that it reads as a fresh call. */
    private static ObjectNode primingCall(String region, Workspace workspace) {
        ObjectNode event = Json.object().put("version", "0").put("id", "priming")
                .put("detail-type", "AWS API Call via CloudTrail").put("source", "aws.workspaces")
                .put("account", "000000000000").put("time", Instant.now().toString()).put("region", region);
        ObjectNode detail = event.putObject("detail").put("eventVersion", "1.10")
                .put("eventTime", Instant.now().toString()).put("eventSource", "workspaces.amazonaws.com")
                .put("eventName", "CreateWorkspaces").put("awsRegion", region).put("eventID", "priming");
        detail.putObject("responseElements").putArray("pendingRequests").addObject()
                .put("workspaceId", workspace.workspaceId()).put("directoryId", workspace.directoryId())
                .put("userName", workspace.userName()).put("state", "PENDING").put("bundleId", workspace.bundleId());
        detail.withObject("responseElements").putArray("failedRequests");
        return event;
    }
}
