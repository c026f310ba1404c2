package guardrails.workspacecreation;

import guardrails.shared.Guardrail;
import guardrails.shared.config.ParameterModeSwitch;

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
                .priming(AwsWorkspaceCreationGateway::primingCalls, "ws-000000000", "priming: nothing terminated"));
    }
}
