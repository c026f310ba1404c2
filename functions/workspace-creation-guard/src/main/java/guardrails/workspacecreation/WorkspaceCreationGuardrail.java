package guardrails.workspacecreation;

import guardrails.shared.Guardrail;
import guardrails.shared.config.ParameterModeSwitch;
import java.util.List;

/** This guardrail as the tools around its function see it (found by ServiceLoader: {@link Guardrail}). */
public final class WorkspaceCreationGuardrail implements Guardrail {

    @Override
    public String key() {
        return WorkspaceCreationRules.GUARDRAIL;
    }

    @Override
    public String logicalId() {
        return "WorkspaceCreationGuardFunction";
    }

    @Override
    public String module() {
        return "workspace-creation-guard";
    }

    @Override
    public boolean canAct() {
        return true;
    }

    @Override
    public List<String> iamActions() {
        return ParameterModeSwitch.withModeParameter(AwsWorkspaceCreationGateway.IAM_ACTIONS);
    }

    /** Its gateway's clients; ssm for its mode parameter. */
    @Override
    public List<String> serviceClients() {
        return List.of("workspaces", "directory", "directoryservicedata", "ssm");
    }

    @Override
    public Runnable[] primingCalls(String region) {
        return AwsWorkspaceCreationGateway.primingCalls(region);
    }
}
