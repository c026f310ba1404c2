package guardrails.defender;

import guardrails.shared.AwsClients;
import guardrails.shared.EmbeddedMetrics;
import guardrails.shared.GuardrailHandler;
import guardrails.shared.GuardrailsConfig;
import guardrails.shared.Priming;
import guardrails.shared.Reporting;
import guardrails.shared.Tenancy;
import java.time.Clock;
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
                EmbeddedMetrics.standardOutput(), Tenancy.OWN_ONLY);
    }

    public DefenderHandler(DefenderGuard guard, EmbeddedMetrics metrics, Tenancy tenancy) {
        super(DefenderRules.GUARDRAIL, guard::handle, metrics, tenancy);
    }

    private static DefenderGuard wire(GuardrailsConfig config, DefenderPolicy policy) {
        Reporting reporting = Reporting.wire(config);
        SsmClient ssm = AwsClients.build(SsmClient.builder(), config.region());
        WorkSpacesClient workspaces = AwsClients.build(WorkSpacesClient.builder(), config.region());
        var gateway = new AwsDefenderGateway(ssm, workspaces);
        Priming.registerCalls(() -> ssm.getInventory(r -> r.maxResults(1)),
                () -> workspaces.describeWorkspaces(r -> r.limit(1)));
        return new DefenderGuard(gateway, reporting.reporter(), reporting.ledger(), policy, Clock.systemUTC());
    }
}
