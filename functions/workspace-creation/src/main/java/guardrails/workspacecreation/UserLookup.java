package guardrails.workspacecreation;

import java.util.Map;
import java.util.stream.Stream;

/**
 * What the Directory Service Data API said about one bare user name: in the directory's own domain (DescribeUser
 * without Realm) and in each trusted realm (DescribeUser with Realm). Model: ds-data/2023-05-31/service-2.json in
 * botocore; https://docs.aws.amazon.com/directoryservicedata/latest/DirectoryServiceDataAPIReference/API_DescribeUser.html
 *
 * @param ownDomain     the answer for the directory's own domain
 * @param trustedRealms the answer for each trusted realm asked, by realm (empty when the Data API is off)
 */
public record UserLookup(RealmAnswer ownDomain, Map<String, RealmAnswer> trustedRealms) {

    public UserLookup {
        trustedRealms = Map.copyOf(trustedRealms);
    }

    public Stream<RealmAnswer> answers() {
        return Stream.concat(Stream.of(ownDomain), trustedRealms.values().stream());
    }

    /** One realm's answer. */
    public sealed interface RealmAnswer {
    }

    /**
     * An account of that name exists in the realm.
     *
     * @param enabled   DescribeUser's Enabled; an answer without it counts as enabled, which never leads to a
     *                  termination
     * @param upnSuffix the domain part of its UserPrincipalName (the model marks the UPN sensitive: only the suffix
     *                  is kept, and only the suffix reaches an alert)
     */
    public record Account(boolean enabled, String upnSuffix) implements RealmAnswer {
    }

    /** Not asked: the name is in no trusted realm, so the own domain's answer would change nothing. */
    public record NotAsked() implements RealmAnswer {
    }

    /** No account of that name (ResourceNotFoundException). */
    public record Absent() implements RealmAnswer {
    }

    /** The Data API is not enabled on the directory (AccessDeniedException, reason DATA_DISABLED). */
    public record DataApiDisabled() implements RealmAnswer {
    }

    /**
     * A lasting refusal AWS declares for DescribeUser (AccessDeniedException other than DATA_DISABLED,
     * ValidationException, DirectoryUnavailableException): retrying the event cannot help.
     *
     * @param realm  the realm asked; null for the directory's own domain
     * @param error  the error's code, e.g. DirectoryUnavailableException
     * @param reason its Reason member, e.g. TRUST_AUTH_FAILURE; null when AWS gave none
     */
    public record Refused(String realm, String error, String reason) implements RealmAnswer {
    }
}
