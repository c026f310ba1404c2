package guardrails.trust;

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
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/** G2's Lambda entry point: wiring, then one call. The rules are in {@link TrustRules}. */
public final class TrustHandler implements RequestStreamHandler {

    private final LambdaAdapter adapter;
    private final TrustGuard guard;

    /** Lambda's constructor: real clients, built once per container. */
    public TrustHandler() {
        this(System.getenv());
    }

    /** The local runner's constructor: the same wiring, configuration from the map given. */
    public TrustHandler(Map<String, String> env) {
        this(wire(GuardrailsConfig.fromEnvironment(env), TrustPolicy.fromEnvironment(env)),
                MetricsFactory.getMetricsInstance());
    }

    public TrustHandler(TrustGuard guard, Metrics metrics) {
        this.guard = guard;
        this.adapter = new LambdaAdapter(TrustRules.GUARDRAIL, metrics);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        adapter.handle(input, output, context, guard::handle);
    }

    private static TrustGuard wire(GuardrailsConfig config, TrustPolicy policy) {
        Reporting reporting = Reporting.wire(config);
        var gateway = new AwsTrustGateway(AwsClients.build(DirectoryClient.builder(), config.region()),
                AwsClients.build(WorkSpacesClient.builder(), config.region()));
        return new TrustGuard(gateway, reporting.reporter(), reporting.ledger(), policy, Clock.systemUTC());
    }
}
