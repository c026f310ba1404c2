package guardrails.rdpstickiness;

import guardrails.shared.Guardrail;
import guardrails.shared.config.ParameterModeSwitch;
import java.util.List;

/** This guardrail as the tools around its function see it (found by ServiceLoader: {@link Guardrail}). */
public final class RdpStickinessGuardrail implements Guardrail {

    @Override
    public String key() {
        return RdpStickinessRules.GUARDRAIL;
    }

    @Override
    public String logicalId() {
        return "RdpStickinessGuardFunction";
    }

    @Override
    public String module() {
        return "rdp-stickiness-guard";
    }

    @Override
    public boolean canAct() {
        return true;
    }

    @Override
    public List<String> iamActions() {
        return ParameterModeSwitch.withModeParameter(AwsStickinessGateway.IAM_ACTIONS);
    }

    /** Its gateway's clients; ssm for its mode parameter. */
    @Override
    public List<String> serviceClients() {
        return List.of("elasticloadbalancingv2", "ssm");
    }

    @Override
    public Runnable[] primingCalls(String region) {
        return AwsStickinessGateway.primingCalls(region);
    }
}
