package guardrails.shared;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which accounts and regions a function acts for: its own (read from its ARN), plus any listed in ACCEPTED_ACCOUNTS
 * and ACCEPTED_REGIONS ("*" for any), for a central deployment fed by an event bus from other accounts.
 */
public record Tenancy(Set<String> acceptedAccounts, Set<String> acceptedRegions) {

    public static final Tenancy OWN_ONLY = new Tenancy(Set.of(), Set.of());

    public static Tenancy fromEnvironment(Map<String, String> env) {
        return new Tenancy(list(env.get("ACCEPTED_ACCOUNTS")), list(env.get("ACCEPTED_REGIONS")));
    }

    /**
     * Why an event is not this function's to handle, if it is not.
     *
     * @param functionArn the function's own ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME); unknown: no check
     */
    public Optional<String> refusal(EventEnvelope envelope, String functionArn) {
        String[] arn = functionArn == null ? new String[0] : functionArn.split(":");
        if (arn.length < 5) {
            return Optional.empty();
        }
        String ownRegion = arn[3];
        String ownAccount = arn[4];
        if (!ownAccount.equals(envelope.account()) && !accepts(acceptedAccounts, envelope.account())) {
            return Optional.of("event from account " + UnusableEvent.quote(envelope.account()) + ", not " + ownAccount
                    + " (set ACCEPTED_ACCOUNTS to act for other accounts)");
        }
        if (!ownRegion.equals(envelope.region()) && !accepts(acceptedRegions, envelope.region())) {
            return Optional.of("event from region " + UnusableEvent.quote(envelope.region()) + ", not " + ownRegion
                    + " (set ACCEPTED_REGIONS to act for other regions)");
        }
        return Optional.empty();
    }

    private static boolean accepts(Set<String> accepted, String value) {
        return accepted.contains("*") || accepted.contains(value);
    }

    private static Set<String> list(String value) {
        return value == null ? Set.of() : Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty())
                .collect(Collectors.toSet());
    }
}
