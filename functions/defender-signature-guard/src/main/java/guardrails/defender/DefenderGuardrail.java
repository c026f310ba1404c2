package guardrails.defender;

import guardrails.shared.Guardrail;
import guardrails.shared.config.ParameterModeSwitch;
import java.util.List;

/** This guardrail as the tools around its function see it (found by ServiceLoader: {@link Guardrail}). */
public final class DefenderGuardrail implements Guardrail {

    @Override
    public String key() {
        return DefenderRules.GUARDRAIL;
    }

    @Override
    public String logicalId() {
        return "DefenderSignatureGuardFunction";
    }

    @Override
    public String module() {
        return "defender-signature-guard";
    }

    @Override
    public boolean canAct() {
        return true;
    }

    @Override
    public List<String> iamActions() {
        return ParameterModeSwitch.withModeParameter(AwsDefenderGateway.IAM_ACTIONS);
    }

    /** Its gateway's clients; ssm for its mode parameter and Run Command. */
    @Override
    public List<String> serviceClients() {
        return List.of("workspaces", "ssm");
    }

    @Override
    public Runnable[] primingCalls(String region) {
        return AwsDefenderGateway.primingCalls(region);
    }
}
