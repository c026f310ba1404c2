package guardrails.subnetcapacity;

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
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/** G3's Lambda entry point: wiring, then one call. The rules are in {@link SubnetCapacityRules}. */
public final class SubnetCapacityHandler implements RequestStreamHandler {

    private final LambdaAdapter adapter;
    private final SubnetCapacityGuard guard;

    /** Lambda's constructor: real clients, built once per container. */
    public SubnetCapacityHandler() {
        this(System.getenv());
    }

    /** The local runner's constructor: the same wiring, configuration from the map given. */
    public SubnetCapacityHandler(Map<String, String> env) {
        this(wire(GuardrailsConfig.fromEnvironment(env), SubnetCapacity.Thresholds.fromEnvironment(env)),
                MetricsFactory.getMetricsInstance());
    }

    public SubnetCapacityHandler(SubnetCapacityGuard guard, Metrics metrics) {
        this.guard = guard;
        this.adapter = new LambdaAdapter(SubnetCapacityRules.GUARDRAIL, metrics);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        adapter.handle(input, output, context, guard::handle);
    }

    private static SubnetCapacityGuard wire(GuardrailsConfig config, SubnetCapacity.Thresholds thresholds) {
        Reporting reporting = Reporting.wire(config);
        var gateway = new AwsSubnetGateway(AwsClients.build(WorkSpacesClient.builder(), config.region()),
                AwsClients.build(Ec2Client.builder(), config.region()));
        return new SubnetCapacityGuard(gateway, reporting.reporter(), reporting.ledger(),
                MetricsFactory.getMetricsInstance(), thresholds, Clock.systemUTC());
    }
}
