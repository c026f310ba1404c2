package guardrails.trust;

import guardrails.shared.config.AwsClients;
import guardrails.shared.config.GuardrailsConfig;
import guardrails.shared.lambda.GuardrailHandler;
import guardrails.shared.lambda.Priming;
import guardrails.shared.lambda.Tenancy;
import guardrails.shared.reporting.GuardrailMetrics;
import guardrails.shared.reporting.Reporting;
import java.time.Clock;
import java.util.Map;
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
        Reporting reporting = Reporting.wire(config);
        DirectoryClient directory = AwsClients.build(DirectoryClient.builder(), config.region());
        WorkSpacesClient workspaces = AwsClients.build(WorkSpacesClient.builder(), config.region());
        var gateway = new AwsTrustGateway(directory, workspaces);
        Priming.registerCalls(() -> directory.describeTrusts(r -> r.limit(1)),
                () -> workspaces.describeWorkspaceDirectories(r -> r.limit(1)));
        Priming.registerCalls(AwsTrustGateway.primingCalls(config.region()));
        return new TrustGuard(gateway, reporting.reporter(), reporting.ledger(), policy, Clock.systemUTC());
    }
}
