package guardrails.rdpstickiness;

import guardrails.shared.registry.Guardrail;
import guardrails.shared.config.ParameterModeSwitch;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

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
                        "priming")
                .pipeline(parts -> {
                    var guard = new RdpStickinessGuard(parts.gateway(StickinessGateway.class,
                            () -> new AwsStickinessGateway(parts.client(ElasticLoadBalancingV2Client.builder())),
                            "enableStickiness"), parts.tracker(RdpStickinessRules.GUARDRAIL));
                    return new Pipeline(guard::handle, guard::sweep);
                })
                .audited("RDP target group", "rdpTargetGroups"));
    }
}
