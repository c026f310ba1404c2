package guardrails.defender;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import guardrails.shared.AwsClients;
import guardrails.shared.GuardrailsConfig;
import guardrails.shared.LambdaAdapter;
import guardrails.shared.Reporting;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/** G4's Lambda entry point: wiring, then one call. The rules are in {@link DefenderRules}. */
public final class DefenderHandler implements RequestStreamHandler {

    private final LambdaAdapter adapter;
    private final DefenderGuard guard;

    /** Lambda's constructor: real clients, built once per container. */
    public DefenderHandler() {
        this(System.getenv());
    }

    /** The local runner's constructor: the same wiring, configuration from the map given. */
    public DefenderHandler(Map<String, String> env) {
        this(wire(GuardrailsConfig.fromEnvironment(env), DefenderPolicy.fromEnvironment(env)),
                MetricsFactory.getMetricsInstance());
    }

    public DefenderHandler(DefenderGuard guard, Metrics metrics) {
        this.guard = guard;
        this.adapter = new LambdaAdapter(DefenderRules.GUARDRAIL, metrics);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        adapter.handle(input, output, context, guard::handle);
    }

    private static DefenderGuard wire(GuardrailsConfig config, DefenderPolicy policy) {
        Reporting reporting = Reporting.wire(config);
        var gateway = new AwsDefenderGateway(AwsClients.build(SsmClient.builder(), config.region()),
                AwsClients.build(WorkSpacesClient.builder(), config.region()));
        return new DefenderGuard(gateway, reporting.reporter(), reporting.ledger(), policy, Clock.systemUTC());
    }
}
