package guardrails.rdpstickiness;

import guardrails.shared.Guardrail;
import guardrails.shared.config.ParameterModeSwitch;
import java.util.List;

/**
 * G6 as the tools around its function see it (found by ServiceLoader: {@link Guardrail}); its SDK clients
 * are its gateway's, and ssm for its mode parameter.
 */
public final class RdpStickinessGuardrail extends Guardrail.Declared {

    public RdpStickinessGuardrail() {
        super(RdpStickinessRules.GUARDRAIL, "RdpStickinessFunction", "rdp-stickiness", true,
                ParameterModeSwitch.withModeParameter(AwsStickinessGateway.IAM_ACTIONS),
                List.of("elasticloadbalancingv2", "ssm"),
                AwsStickinessGateway::primingCalls);
    }
}
