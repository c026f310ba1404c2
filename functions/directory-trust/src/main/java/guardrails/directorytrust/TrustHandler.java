package guardrails.directorytrust;

import guardrails.shared.config.AwsClients;
import guardrails.shared.config.GuardrailsConfig;
import guardrails.shared.directory.Trust;
import guardrails.shared.directory.TrustDirection;
import guardrails.shared.lambda.GuardrailHandler;
import guardrails.shared.lambda.Tenancy;
import guardrails.shared.priming.Priming;
import guardrails.shared.reporting.GuardrailMetrics;
import guardrails.shared.reporting.Reporting;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/** G2's Lambda entry point: wiring, then one call. The rules are in {@link TrustRules}. */
public final class TrustHandler extends GuardrailHandler {

    /** Lambda's constructor: real clients, built once per container. */
    public TrustHandler() {
        this(System.getenv());
    }

    /** The local runner's constructor: the same wiring, configuration from the map given. */
    public TrustHandler(Map<String, String> env) {
        this(wire(GuardrailsConfig.fromEnvironment(env), TrustPolicy.fromEnvironment(env)),
                GuardrailMetrics.standardOutput(), Tenancy.OWN_ONLY);
    }

    public TrustHandler(TrustGuard guard, GuardrailMetrics metrics, Tenancy tenancy) {
        super(TrustRules.GUARDRAIL, guard::handle, metrics, tenancy);
    }

    private static TrustGuard wire(GuardrailsConfig config, TrustPolicy policy) {
        Reporting reporting = Reporting.wire(config, TrustRules::isRecovery);
        DirectoryClient directory = AwsClients.build(DirectoryClient.builder(), config.region());
        WorkSpacesClient workspaces = AwsClients.build(WorkSpacesClient.builder(), config.region());
        var gateway = new AwsTrustGateway(directory, workspaces,
                AwsClients.build(CloudTrailClient.builder(), config.region()));
        Priming.registerCalls(() -> directory.describeTrusts(r -> r.limit(1)),
                () -> workspaces.describeWorkspaceDirectories(r -> r.limit(1)));
        Priming.registerCalls(AwsTrustGateway.primingCalls(config.region()));
        Priming.registerCalls(primingSweep(config, policy));
        return new TrustGuard(gateway, reporting.reporter(), reporting.states(), policy, Clock.systemUTC());
    }

    /**
     * SnapStart priming: one sweep of a sample one-way trust through the whole pipeline (rules, memory, reporter,
     * alert), on clients that send nothing.
     */
    private static Runnable primingSweep(GuardrailsConfig config, TrustPolicy policy) {
        String directoryId = "d-0000000000";
        TrustGateway sample = new TrustGateway() {
            @Override
            public Map<String, DirectoryInfo> directories() {
                return Map.of(directoryId, new DirectoryInfo(directoryId, "corp.example.com", "MicrosoftAD"));
            }

            @Override
            public Set<String> registeredDirectoryIds() {
                return Set.of(directoryId);
            }

            @Override
            public List<Trust> allTrusts() {
                return List.of(new Trust("t-0000000000", directoryId, "example.org", TrustDirection.ONE_WAY_OUTGOING,
                        "Verified", null, Instant.EPOCH));
            }

            @Override
            public Optional<Trust> trust(String trustId) {
                return allTrusts().stream().findFirst();
            }

            @Override
            public Set<String> conditionalForwarders(String id) {
                return Set.of();
            }

            @Override
            public List<DirectoryFacts.WorkspaceUser> workspaces(String id) {
                return List.of(new DirectoryFacts.WorkspaceUser("ws-000000000", "priming"));
            }

            @Override
            public Map<String, String> directoryTags(String id) {
                return Map.of();
            }

            @Override
            public List<TrailFacts> trails() {
                return List.of(new TrailFacts("arn:aws:cloudtrail:us-east-1:000000000000:trail/priming", false, true,
                        true));
            }
        };
        Reporting offline = Reporting.offline(config);
        var guard = new TrustGuard(sample, offline.reporter(), offline.states(), policy, Clock.systemUTC());
        return () -> guard.sweep(Priming.sampleSchedule(config.region()));
    }
}
