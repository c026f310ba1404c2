package guardrails.subnetcapacity;

import guardrails.shared.Guardrail;

/**
 * G3 as the tools around its function see it (found by ServiceLoader: {@link Guardrail}); its SDK clients are its
 * gateway's.
 */
public final class SubnetCapacityGuardrail extends Guardrail.Declared {

    public SubnetCapacityGuardrail() {
        super(Guardrail.declare(SubnetCapacityRules.GUARDRAIL, "Subnet capacity")
                .iamActions(AwsSubnetGateway.IAM_ACTIONS)
                .serviceClients("ec2", "workspaces")
                .handler(SubnetCapacityHandler::new)
                .priming(AwsSubnetGateway::primingCalls, "subnet-00000000", null));
    }
}
