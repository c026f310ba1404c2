package guardrails.workspacecreation;

import java.util.Set;

/** A trust of a Managed Microsoft AD with another domain, as DescribeTrusts shows it. */
public record Trust(String trustId, String remoteDomain, TrustDirection direction, String state, String stateReason) {

    private static final Set<String> FAILED = Set.of("VerifyFailed", "UpdateFailed", "Failed", "DeleteFailed");

    public boolean usableForWorkSpaces() {
        return direction == TrustDirection.TWO_WAY && "Verified".equals(state);
    }

    public boolean failed() {
        return FAILED.contains(state);
    }

    /** True when a user's domain (DNS name or NetBIOS name, any case) is this trust's remote domain. */
    public boolean covers(String domain) {
        String remote = remoteDomain.toLowerCase(java.util.Locale.ROOT);
        String wanted = domain.toLowerCase(java.util.Locale.ROOT);
        return remote.equals(wanted) || remote.startsWith(wanted + ".");
    }
}
