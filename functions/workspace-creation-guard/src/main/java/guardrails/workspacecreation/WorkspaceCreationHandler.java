package guardrails.workspacecreation;

import guardrails.shared.config.AwsClients;
import guardrails.shared.config.GuardrailsConfig;
import guardrails.shared.lambda.GuardrailHandler;
import guardrails.shared.lambda.Priming;
import guardrails.shared.lambda.Tenancy;
import guardrails.shared.reporting.GuardrailMetrics;
import guardrails.shared.reporting.Reporting;
import java.util.Map;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.directoryservicedata.DirectoryServiceDataClient;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/** G1's Lambda entry point: wiring, then one call. The rules are in {@link WorkspaceCreationRules}. */
public final class WorkspaceCreationHandler extends GuardrailHandler {

    /** Lambda's constructor: real clients, built once per container (during init, so SnapStart keeps them). */
    public WorkspaceCreationHandler() {
        this(System.getenv());
    }

    /** The local runner's constructor: the same wiring, configuration from the map given. */
    public WorkspaceCreationHandler(Map<String, String> env) {
        this(wire(GuardrailsConfig.fromEnvironment(env)), GuardrailMetrics.standardOutput(),
                Tenancy.OWN_ONLY);
    }

    public WorkspaceCreationHandler(WorkspaceCreationGuard guard, GuardrailMetrics metrics, Tenancy tenancy) {
        super(WorkspaceCreationRules.GUARDRAIL, guard::handle, metrics, tenancy);
    }

    private static WorkspaceCreationGuard wire(GuardrailsConfig config) {
        String region = config.region();
        Reporting reporting = Reporting.wire(config);
        WorkSpacesClient workspaces = AwsClients.build(WorkSpacesClient.builder(), region);
        DirectoryClient directory = AwsClients.build(DirectoryClient.builder(), region);
        var gateway = new AwsWorkspaceCreationGateway(workspaces, directory,
                AwsClients.build(DirectoryServiceDataClient.builder(), region));
        Priming.registerCalls(() -> workspaces.describeWorkspaceDirectories(r -> r.limit(1)),
                () -> directory.describeDirectories(r -> r.limit(1)));
        Priming.registerCalls(AwsWorkspaceCreationGateway.primingCalls(region));
        return new WorkspaceCreationGuard(gateway, reporting.reporter(), java.time.Clock.systemUTC());
    }
}
