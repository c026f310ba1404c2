package guardrails.workspacecreation;

import guardrails.shared.Guardrail;
import guardrails.shared.config.ParameterModeSwitch;
import java.util.List;

/**
 * G1 as the tools around its function see it (found by ServiceLoader: {@link Guardrail}); its SDK clients
 * are its gateway's, and ssm for its mode parameter.
 */
public final class WorkspaceCreationGuardrail extends Guardrail.Declared {

    public WorkspaceCreationGuardrail() {
        super(WorkspaceCreationRules.GUARDRAIL, "WorkspaceCreationFunction", "workspace-creation", true,
                ParameterModeSwitch.withModeParameter(AwsWorkspaceCreationGateway.IAM_ACTIONS),
                List.of("workspaces", "directory", "directoryservicedata", "ssm"),
                AwsWorkspaceCreationGateway::primingCalls);
    }
}
