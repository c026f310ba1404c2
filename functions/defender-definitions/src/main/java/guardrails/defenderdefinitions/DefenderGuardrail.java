package guardrails.defenderdefinitions;

import guardrails.shared.registry.Guardrail;
import guardrails.shared.config.ParameterModeSwitch;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/**
 * G4 as the tools around its function see it (found by ServiceLoader: {@link Guardrail}); its SDK clients are its
 * gateway's (ssm also reads its mode parameter).
 */
public final class DefenderGuardrail extends Guardrail.Declared {

    public DefenderGuardrail() {
        super(Guardrail.declare(DefenderRules.GUARDRAIL, "Windows Defender definitions")
                .acting()
                .iamActions(ParameterModeSwitch.withModeParameter(AwsDefenderGateway.IAM_ACTIONS))
                .serviceClients("workspaces", "ssm")
                .handler(DefenderHandler::new)
                .priming(AwsDefenderGateway::primingCalls, "ws-000000000", "priming")
                .pipeline(parts -> {
                    var policy = DefenderPolicy.fromEnvironment(parts.environment());
                    var guard = new DefenderGuard(parts.gateway(DefenderGateway.class, () -> new AwsDefenderGateway(
                            parts.client(SsmClient.builder()), parts.client(WorkSpacesClient.builder()),
                            policy.updateDocument()), "deregister", "updateDefinitions"), parts.reporter(),
                            parts.states(), parts.tracker(DefenderRules.GUARDRAIL), policy, parts.clock());
                    return new Pipeline(guard::handle, guard::sweep);
                })
                .audited("managed node", "defenderStatuses"));
    }
}
