package guardrails.networkexposure;

import guardrails.shared.Guardrail;
import guardrails.shared.config.ParameterModeSwitch;
import java.util.List;

/**
 * G5 as the tools around its function see it (found by ServiceLoader: {@link Guardrail}); its SDK clients
 * are its gateway's, and ssm for its mode parameter.
 */
public final class NetworkExposureGuardrail extends Guardrail.Declared {

    public NetworkExposureGuardrail() {
        super(NetworkExposureRules.GUARDRAIL, "NetworkExposureFunction", "network-exposure", true,
                ParameterModeSwitch.withModeParameter(AwsExposureGateway.IAM_ACTIONS),
                List.of("ec2", "directory", "workspaces", "ssm"),
                AwsExposureGateway::primingCalls);
    }
}
