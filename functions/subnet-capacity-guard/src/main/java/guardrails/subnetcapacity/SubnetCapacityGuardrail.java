package guardrails.subnetcapacity;

import guardrails.shared.Guardrail;
import java.util.List;

/** This guardrail as the tools around its function see it (found by ServiceLoader: {@link Guardrail}). */
public final class SubnetCapacityGuardrail implements Guardrail {

    @Override
    public String key() {
        return SubnetCapacityRules.GUARDRAIL;
    }

    @Override
    public String logicalId() {
        return "SubnetCapacityGuardFunction";
    }

    @Override
    public String module() {
        return "subnet-capacity-guard";
    }

    @Override
    public boolean canAct() {
        return false;
    }

    @Override
    public List<String> iamActions() {
        return AwsSubnetGateway.IAM_ACTIONS;
    }

    /** Its gateway's clients. */
    @Override
    public List<String> serviceClients() {
        return List.of("ec2", "workspaces");
    }

    @Override
    public Runnable[] primingCalls(String region) {
        return AwsSubnetGateway.primingCalls(region);
    }
}
