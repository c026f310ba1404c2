package guardrails.networkexposure;

import guardrails.shared.registry.Guardrail;
import guardrails.shared.config.ParameterModeSwitch;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/**
 * G5 as the tools around its function see it (found by ServiceLoader: {@link Guardrail}); its SDK clients are its
 * gateway's, and ssm for its mode parameter.
 */
public final class NetworkExposureGuardrail extends Guardrail.Declared {

    public NetworkExposureGuardrail() {
        super(Guardrail.declare(NetworkExposureRules.GUARDRAIL, "Network exposure")
                .acting()
                .iamActions(ParameterModeSwitch.withModeParameter(AwsExposureGateway.IAM_ACTIONS))
                .serviceClients("ec2", "directory", "workspaces", "ssm")
                .handler(NetworkExposureHandler::new)
                .priming(AwsExposureGateway::primingCalls, "sg-00000000000000000", "priming")
                .pipeline(parts -> {
                    var guard = new NetworkExposureGuard(parts.gateway(ExposureGateway.class,
                            () -> new AwsExposureGateway(parts.client(Ec2Client.builder()),
                                    parts.client(DirectoryClient.builder()), parts.client(WorkSpacesClient.builder())),
                            "revoke", "replace"), ExposurePolicy.fromEnvironment(parts.environment()),
                            parts.tracker(NetworkExposureRules.GUARDRAIL));
                    return new Pipeline(guard::handle, guard::sweep);
                })
                .audited("security group", "securityGroups"));
    }
}
