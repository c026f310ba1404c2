package guardrails.networkexposure;

import guardrails.shared.Guardrail;
import guardrails.shared.config.ParameterModeSwitch;
import java.util.List;

/** This guardrail as the tools around its function see it (found by ServiceLoader: {@link Guardrail}). */
public final class NetworkExposureGuardrail implements Guardrail {

    @Override
    public String key() {
        return NetworkExposureRules.GUARDRAIL;
    }

    @Override
    public String logicalId() {
        return "NetworkExposureGuardFunction";
    }

    @Override
    public String module() {
        return "network-exposure-guard";
    }

    @Override
    public boolean canAct() {
        return true;
    }

    @Override
    public List<String> iamActions() {
        return ParameterModeSwitch.withModeParameter(AwsExposureGateway.IAM_ACTIONS);
    }

    /** Its gateway's clients; ssm for its mode parameter. */
    @Override
    public List<String> serviceClients() {
        return List.of("ec2", "directory", "workspaces", "ssm");
    }

    @Override
    public Runnable[] primingCalls(String region) {
        return AwsExposureGateway.primingCalls(region);
    }
}
