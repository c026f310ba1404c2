package guardrails.subnetcapacity;

import guardrails.shared.Guardrail;
import java.util.List;

/**
 * G3 as the tools around its function see it (found by ServiceLoader: {@link Guardrail}); its SDK clients
 * are its gateway's.
 */
public final class SubnetCapacityGuardrail extends Guardrail.Declared {

    public SubnetCapacityGuardrail() {
        super(SubnetCapacityRules.GUARDRAIL, "SubnetCapacityFunction", "subnet-capacity", false,
                AwsSubnetGateway.IAM_ACTIONS,
                List.of("ec2", "workspaces"),
                AwsSubnetGateway::primingCalls);
    }
}
