package guardrails.directorytrust;

import guardrails.shared.Guardrail;
import java.util.List;

/**
 * G2 as the tools around its function see it (found by ServiceLoader: {@link Guardrail}); its SDK clients
 * are its gateway's.
 */
public final class TrustGuardrail extends Guardrail.Declared {

    public TrustGuardrail() {
        super(TrustRules.GUARDRAIL, "DirectoryTrustFunction", "directory-trust", false,
                AwsTrustGateway.IAM_ACTIONS,
                List.of("directory", "workspaces", "cloudtrail"),
                AwsTrustGateway::primingCalls);
    }
}
