package guardrails.networkexposure;

import guardrails.shared.Guardrail;
import guardrails.shared.config.ParameterModeSwitch;

/**
 * G5 as the tools around its function see it (found by ServiceLoader: {@link Guardrail}); its SDK clients are its
 * gateway's, and ssm for its mode parameter.
 */
public final class NetworkExposureGuardrail extends Guardrail.Declared {

    public NetworkExposureGuardrail() {
        super(Guardrail.declare(NetworkExposureRules.GUARDRAIL, "Network exposure")
                .acting()
                .iamActions(ParameterModeSwitch.withModeParameter(AwsExposureGateway.IAM_ACTIONS))
                .serviceClients("ec2", "directory", "workspaces", "ssm")
                .handler(NetworkExposureHandler::new)
                .priming(AwsExposureGateway::primingCalls, "sg-00000000000000000", "priming"));
    }
}
