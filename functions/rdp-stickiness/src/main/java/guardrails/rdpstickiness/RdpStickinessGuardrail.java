package guardrails.rdpstickiness;

import guardrails.shared.Guardrail;
import guardrails.shared.config.ParameterModeSwitch;

/**
 * G6 as the tools around its function see it (found by ServiceLoader: {@link Guardrail}); its SDK clients are its
 * gateway's, and ssm for its mode parameter.
 */
public final class RdpStickinessGuardrail extends Guardrail.Declared {

    public RdpStickinessGuardrail() {
        super(Guardrail.declare(RdpStickinessRules.GUARDRAIL, "RDP session stickiness")
                .acting()
                .iamActions(ParameterModeSwitch.withModeParameter(AwsStickinessGateway.IAM_ACTIONS))
                .serviceClients("elasticloadbalancingv2", "ssm")
                .handler(RdpStickinessHandler::new)
                .priming(AwsStickinessGateway::primingCalls,
                        "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/priming/0000000000000000",
                        "priming"));
    }
}
