package guardrails.workspacecreation;

import guardrails.shared.registry.Guardrail;
import guardrails.shared.channels.AlertChannel;
import guardrails.shared.config.ParameterModeSwitch;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.directoryservicedata.DirectoryServiceDataClient;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/**
 * G1 as the tools around its function see it (found by ServiceLoader: {@link Guardrail}); its SDK clients are its
 * gateway's, and ssm for its mode parameter.
 */
public final class WorkspaceCreationGuardrail extends Guardrail.Declared {

    public WorkspaceCreationGuardrail() {
        super(Guardrail.declare(WorkspaceCreationRules.GUARDRAIL, "WorkSpaces of trusted-domain users")
                .acting()
                .iamActions(ParameterModeSwitch.withModeParameter(AwsWorkspaceCreationGateway.IAM_ACTIONS))
                .serviceClients("workspaces", "directory", "directoryservicedata", "ssm")
                .handler(WorkspaceCreationHandler::new)
                .priming(AwsWorkspaceCreationGateway::primingCalls, "ws-000000000", "priming: nothing terminated")
                .pipeline(parts -> {
                    var guard = new WorkspaceCreationGuard(parts.gateway(WorkspaceCreationGateway.class,
                            () -> new AwsWorkspaceCreationGateway(parts.client(WorkSpacesClient.builder()),
                                    parts.client(DirectoryClient.builder()),
                                    parts.client(DirectoryServiceDataClient.builder())), "terminate"),
                            parts.reporter(), parts.tracker(WorkspaceCreationRules.GUARDRAIL), parts.clock());
                    return new Pipeline(guard::handle, schedule -> guard.sweep(new AlertChannel.AlertContext(
                            schedule.getAccount(), schedule.getRegion(), schedule.getId())));
                })
                .audited("WorkSpace", "allWorkspaces"));
    }
}
