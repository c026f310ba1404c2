package guardrails.workspacecreation;

/** What the Directory Service Data API said about a user in a trusted realm. */
public sealed interface UserLookup {
    record Found(String realm, String userPrincipalName) implements UserLookup {
    }

    record NotFound() implements UserLookup {
    }

    /** The Data API is not enabled on the directory (AccessDeniedException, reason DATA_DISABLED). */
    record DataApiDisabled() implements UserLookup {
    }
}
