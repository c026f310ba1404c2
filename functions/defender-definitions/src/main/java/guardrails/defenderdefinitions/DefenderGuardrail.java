package guardrails.defenderdefinitions;

import guardrails.shared.Guardrail;
import guardrails.shared.config.ParameterModeSwitch;

/**
 * G4 as the tools around its function see it (found by ServiceLoader: {@link Guardrail}); its SDK clients are its
 * gateway's (ssm also reads its mode parameter).
 */
public final class DefenderGuardrail extends Guardrail.Declared {

    public DefenderGuardrail() {
        super(Guardrail.declare(DefenderRules.GUARDRAIL, "Windows Defender definitions")
                .acting()
                .iamActions(ParameterModeSwitch.withModeParameter(AwsDefenderGateway.IAM_ACTIONS))
                .serviceClients("workspaces", "ssm")
                .handler(DefenderHandler::new)
                .priming(AwsDefenderGateway::primingCalls, "ws-000000000", "priming"));
    }
}
