package guardrails.trust;

import guardrails.shared.AwsClients;
import guardrails.shared.EmbeddedMetrics;
import guardrails.shared.GuardrailHandler;
import guardrails.shared.GuardrailsConfig;
import guardrails.shared.Priming;
import guardrails.shared.Reporting;
import guardrails.shared.Tenancy;
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
                EmbeddedMetrics.standardOutput(), Tenancy.OWN_ONLY);
    }

    public TrustHandler(TrustGuard guard, EmbeddedMetrics metrics, Tenancy tenancy) {
        super(TrustRules.GUARDRAIL, guard::handle, metrics, tenancy);
    }

    private static TrustGuard wire(GuardrailsConfig config, TrustPolicy policy) {
        Reporting reporting = Reporting.wire(config);
        DirectoryClient directory = AwsClients.build(DirectoryClient.builder(), config.region());
        WorkSpacesClient workspaces = AwsClients.build(WorkSpacesClient.builder(), config.region());
        var gateway = new AwsTrustGateway(directory, workspaces);
        Priming.registerCalls(() -> directory.describeTrusts(r -> r.limit(1)),
                () -> workspaces.describeWorkspaceDirectories(r -> r.limit(1)));
        return new TrustGuard(gateway, reporting.reporter(), reporting.ledger(), policy, Clock.systemUTC());
    }
}
