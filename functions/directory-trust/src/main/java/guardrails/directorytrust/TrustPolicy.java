package guardrails.directorytrust;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The deployment's trust settings.
 *
 * @param oneWayByDesign directory/remote-domain pairs ("d-1234567890:resources.example.com") whose one-way trust
 *                       is intended, e.g. a one-way trust to a separate resource domain
 * @param stuckAfter     how long a trust may stay Creating/Verifying/Updating before it counts as stuck
 */
public record TrustPolicy(Set<String> oneWayByDesign, Duration stuckAfter) {

    public static TrustPolicy fromEnvironment(Map<String, String> env) {
        Set<String> pairs = Arrays.stream(env.getOrDefault("ONE_WAY_TRUSTS_BY_DESIGN", "").split(","))
                .map(p -> p.trim().toLowerCase(Locale.ROOT)).filter(p -> !p.isEmpty()).collect(Collectors.toSet());
        for (String pair : pairs) {
            if (!pair.matches("d-[0-9a-f]{10}:[a-z0-9.-]+")) {
                throw new IllegalStateException("ONE_WAY_TRUSTS_BY_DESIGN entries are directoryId:remote.domain, got: "
                        + pair);
            }
        }
        try {
            long minutes = Long.parseLong(env.getOrDefault("TRUST_STUCK_MINUTES", "60").trim());
            return new TrustPolicy(pairs, Duration.ofMinutes(minutes));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("TRUST_STUCK_MINUTES must be a whole number of minutes");
        }
    }

    public boolean allowsOneWay(String directoryId, String remoteDomain) {
        return oneWayByDesign.contains((directoryId + ":" + remoteDomain).toLowerCase(Locale.ROOT));
    }
}
