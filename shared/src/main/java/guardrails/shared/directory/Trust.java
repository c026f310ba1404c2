package guardrails.shared.directory;

import java.util.Set;

/**
 * A trust of a Managed Microsoft AD with another domain, as DescribeTrusts shows it.
 *
 * @param stateSince when the trust entered its state (StateLastUpdatedDateTime), null when unknown
 */
public record Trust(String trustId, String directoryId, String remoteDomain, TrustDirection direction, String state,
                    String stateReason, java.time.Instant stateSince) {

    public Trust(String trustId, String remoteDomain, TrustDirection direction, String state, String stateReason) {
        this(trustId, null, remoteDomain, direction, state, stateReason, null);
    }

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
