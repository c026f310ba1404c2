package guardrails.workspacecreation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import guardrails.shared.AwsClients;
import guardrails.shared.GuardrailsConfig;
import guardrails.shared.LambdaAdapter;
import guardrails.shared.Reporting;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.directoryservicedata.DirectoryServiceDataClient;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/** G1's Lambda entry point: wiring, then one call. The rules are in {@link WorkspaceCreationRules}. */
public final class WorkspaceCreationHandler implements RequestStreamHandler {

    private final LambdaAdapter adapter;
    private final WorkspaceCreationGuard guard;

    /** Lambda's constructor: real clients, built once per container (during init, so SnapStart keeps them). */
    public WorkspaceCreationHandler() {
        this(System.getenv());
    }

    /** The local runner's constructor: the same wiring, configuration from the map given. */
    public WorkspaceCreationHandler(Map<String, String> env) {
        this(wire(GuardrailsConfig.fromEnvironment(env)), MetricsFactory.getMetricsInstance());
    }

    public WorkspaceCreationHandler(WorkspaceCreationGuard guard, Metrics metrics) {
        this.guard = guard;
        this.adapter = new LambdaAdapter(WorkspaceCreationRules.GUARDRAIL, metrics);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        adapter.handle(input, output, context, guard::handle);
    }

    private static WorkspaceCreationGuard wire(GuardrailsConfig config) {
        String region = config.region();
        Reporting reporting = Reporting.wire(config);
        var gateway = new AwsWorkspaceCreationGateway(
                AwsClients.build(WorkSpacesClient.builder(), region),
                AwsClients.build(DirectoryClient.builder(), region),
                AwsClients.build(DirectoryServiceDataClient.builder(), region));
        return new WorkspaceCreationGuard(gateway, reporting.reporter());
    }
}
