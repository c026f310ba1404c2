package guardrails.trust;

import guardrails.shared.Guardrail;
import java.util.List;

/** This guardrail as the tools around its function see it (found by ServiceLoader: {@link Guardrail}). */
public final class TrustGuardrail implements Guardrail {

    @Override
    public String key() {
        return TrustRules.GUARDRAIL;
    }

    @Override
    public String logicalId() {
        return "TrustGuardFunction";
    }

    @Override
    public String module() {
        return "trust-guard";
    }

    @Override
    public boolean canAct() {
        return false;
    }

    @Override
    public List<String> iamActions() {
        return AwsTrustGateway.IAM_ACTIONS;
    }

    /** Its gateway's clients. */
    @Override
    public List<String> serviceClients() {
        return List.of("directory", "workspaces", "cloudtrail");
    }

    @Override
    public Runnable[] primingCalls(String region) {
        return AwsTrustGateway.primingCalls(region);
    }
}
