package guardrails.subnetcapacity;

import guardrails.shared.registry.Guardrail;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

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
                .priming(AwsSubnetGateway::primingCalls, "subnet-00000000", null)
                .pipeline(parts -> {
                    var guard = new SubnetCapacityGuard(parts.gateway(SubnetGateway.class, () -> new AwsSubnetGateway(
                            parts.client(WorkSpacesClient.builder()), parts.client(Ec2Client.builder()))),
                            parts.tracker(SubnetCapacityRules.GUARDRAIL), parts.states(), parts.metrics(),
                            SubnetCapacity.Thresholds.fromEnvironment(parts.environment()), parts.clock());
                    return new Pipeline(guard::handle, guard::sweep);
                })
                .audited("subnet", "describeSubnets", "taggedSubnets"));
    }
}
