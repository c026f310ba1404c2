package guardrails.defenderdefinitions;

import guardrails.shared.config.AwsClients;
import guardrails.shared.config.GuardrailsConfig;
import guardrails.shared.lambda.GuardrailHandler;
import guardrails.shared.lambda.Tenancy;
import guardrails.shared.priming.Priming;
import guardrails.shared.reporting.GuardrailMetrics;
import guardrails.shared.reporting.Reporting;
import guardrails.shared.reporting.Tracking;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/** G4's Lambda entry point: wiring, then one call. The rules are in {@link DefenderRules}. */
public final class DefenderHandler extends GuardrailHandler {

    /** Lambda's constructor: real clients, built once per container. */
    public DefenderHandler() {
        this(System.getenv());
    }

    /** The local runner's constructor: the same wiring, configuration from the map given. */
    public DefenderHandler(Map<String, String> env) {
        this(wire(GuardrailsConfig.fromEnvironment(env), DefenderPolicy.fromEnvironment(env)),
                GuardrailMetrics.standardOutput(), Tenancy.OWN_ONLY);
    }

    public DefenderHandler(DefenderGuard guard, GuardrailMetrics metrics, Tenancy tenancy) {
        super(DefenderRules.GUARDRAIL, guard::handle, metrics, tenancy);
    }

    private static DefenderGuard wire(GuardrailsConfig config, DefenderPolicy policy) {
        Reporting reporting = Reporting.wire(config, DefenderRules::isRecovery);
        SsmClient ssm = AwsClients.build(SsmClient.builder(), config.region());
        WorkSpacesClient workspaces = AwsClients.build(WorkSpacesClient.builder(), config.region());
        var gateway = new AwsDefenderGateway(ssm, workspaces, policy.updateDocument());
        Priming.registerCalls(() -> ssm.getInventory(r -> r.maxResults(1)),
                () -> workspaces.describeWorkspaces(r -> r.limit(1)));
        Priming.registerCalls(AwsDefenderGateway.primingCalls(config.region()));
        Priming.registerCalls(primingSweep(config, policy));
        return new DefenderGuard(gateway, reporting.reporter(), reporting.states(),
                Tracking.wire(DefenderRules.GUARDRAIL, reporting, config), policy, Clock.systemUTC());
    }

    /**
     * SnapStart priming: one sweep of a sample stale node through the whole pipeline (rules, memory, reporter, the
     * update in REMEDIATE mode, alert), on a sample gateway and clients that send nothing.
     */
    private static Runnable primingSweep(GuardrailsConfig config, DefenderPolicy policy) {
        Instant now = Instant.now();
        DefenderGateway sample = new DefenderGateway() {
            @Override
            public List<DefenderStatus> defenderStatuses() {
                return List.of(new DefenderStatus("mi-00000000000000000", "WSAMZN-PRIMING", "10.0.0.10", 400,
                        "2025-01-01T00:00:00Z", "1.0.0.0", true, true, true, now));
            }

            @Override
            public List<WorkspaceNode> workspaces() {
                return List.of(new WorkspaceNode("ws-000000000", "priming", "AVAILABLE", "WSAMZN-PRIMING",
                        "10.0.0.10"));
            }

            @Override
            public List<WorkspaceNode> describeWorkspaces(List<String> workspaceIds) {
                return List.of();
            }

            @Override
            public java.util.Optional<String> updateDocumentProblem() {
                return java.util.Optional.empty();
            }

            @Override
            public String deregister(String nodeId) {
                return "priming: nothing deregistered";
            }

            @Override
            public String updateDefinitions(String nodeId, Map<String, List<String>> parameters) {
                return "priming";
            }
        };
        Reporting offline = Reporting.offline(config);
        var guard = new DefenderGuard(sample, offline.reporter(), offline.states(),
                Tracking.offline(DefenderRules.GUARDRAIL, offline, config), policy, Clock.systemUTC());
        return () -> guard.sweep(Priming.sampleSchedule(config.region()));
    }
}
