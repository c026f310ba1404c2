package guardrails.directorytrust;

import guardrails.shared.Guardrail;

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
                .priming(AwsTrustGateway::primingCalls, "t-0000000000", null));
    }
}
