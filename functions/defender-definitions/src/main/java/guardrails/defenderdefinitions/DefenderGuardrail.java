package guardrails.defenderdefinitions;

import guardrails.shared.Guardrail;
import guardrails.shared.config.ParameterModeSwitch;
import java.util.List;

/**
 * G4 as the tools around its function see it (found by ServiceLoader: {@link Guardrail}); its SDK clients
 * are its gateway's, and ssm for its mode parameter and Run Command.
 */
public final class DefenderGuardrail extends Guardrail.Declared {

    public DefenderGuardrail() {
        super(DefenderRules.GUARDRAIL, "DefenderDefinitionsFunction", "defender-definitions", true,
                ParameterModeSwitch.withModeParameter(AwsDefenderGateway.IAM_ACTIONS),
                List.of("workspaces", "ssm"),
                AwsDefenderGateway::primingCalls);
    }
}
