package guardrails.defender;

import guardrails.shared.config.AwsClients;
import guardrails.shared.config.GuardrailsConfig;
import guardrails.shared.lambda.GuardrailHandler;
import guardrails.shared.lambda.Priming;
import guardrails.shared.lambda.Tenancy;
import guardrails.shared.reporting.GuardrailMetrics;
import guardrails.shared.reporting.Reporting;
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
                GuardrailMetrics.standardOutput(), Tenancy.OWN_ONLY);
    }

    public DefenderHandler(DefenderGuard guard, GuardrailMetrics metrics, Tenancy tenancy) {
        super(DefenderRules.GUARDRAIL, guard::handle, metrics, tenancy);
    }

    private static DefenderGuard wire(GuardrailsConfig config, DefenderPolicy policy) {
        Reporting reporting = Reporting.wire(config);
        SsmClient ssm = AwsClients.build(SsmClient.builder(), config.region());
        WorkSpacesClient workspaces = AwsClients.build(WorkSpacesClient.builder(), config.region());
        var gateway = new AwsDefenderGateway(ssm, workspaces);
        Priming.registerCalls(() -> ssm.getInventory(r -> r.maxResults(1)),
                () -> workspaces.describeWorkspaces(r -> r.limit(1)));
        Priming.registerCalls(AwsDefenderGateway.primingCalls(config.region()));
        return new DefenderGuard(gateway, reporting.reporter(), reporting.ledger(), policy, Clock.systemUTC());
    }
}
