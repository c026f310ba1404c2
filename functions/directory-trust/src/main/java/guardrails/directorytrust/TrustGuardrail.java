package guardrails.directorytrust;

import guardrails.shared.registry.Guardrail;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/**
 * G2 as the tools around its function see it (found by ServiceLoader: {@link Guardrail}); its SDK clients are its
 * gateway's.
 */
public final class TrustGuardrail extends Guardrail.Declared {

    public TrustGuardrail() {
        super(Guardrail.declare(TrustRules.GUARDRAIL, "Directory trusts and the trail")
                .iamActions(AwsTrustGateway.IAM_ACTIONS)
                .serviceClients("directory", "workspaces", "cloudtrail")
                .handler(TrustHandler::new)
                .priming(AwsTrustGateway::primingCalls, "t-0000000000", null)
                .pipeline(parts -> {
                    var guard = new TrustGuard(parts.gateway(TrustGateway.class, () -> new AwsTrustGateway(
                            parts.client(DirectoryClient.builder()), parts.client(WorkSpacesClient.builder()),
                            parts.client(CloudTrailClient.builder()))), parts.reporter(), parts.states(),
                            TrustPolicy.fromEnvironment(parts.environment()), parts.clock());
                    return new Pipeline(guard::handle, guard::sweep);
                })
                .audited("trust", "allTrusts"));
    }
}
