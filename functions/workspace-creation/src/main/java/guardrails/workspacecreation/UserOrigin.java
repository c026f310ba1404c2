package guardrails.workspacecreation;

/**
 * Where a WorkSpace's user lives, and the evidence that says so (the alert names it).
 *
 * @param kind     see {@link Kind}
 * @param domain   the trusted domain, when kind is TRUSTED_DOMAIN or AMBIGUOUS
 * @param evidence how this was decided, or why it could not be, in words
 * @param remedy   what the operator can do to settle it, when kind is NOT_CHECKABLE or AMBIGUOUS
 */
public record UserOrigin(Kind kind, String domain, String evidence, String remedy) {

    public enum Kind {
        /** The directory's own domain. */
        DIRECTORY,
        /** A domain the directory trusts. */
        TRUSTED_DOMAIN,
        /** An enabled account of that name in the own domain and an account in a trusted realm. */
        AMBIGUOUS,
        /** A look-up was needed, but the directory's Data API is not enabled. */
        DATA_API_OFF,
        /** A look-up was needed, and the Data API refused it for a reason retrying cannot fix. */
        NOT_CHECKABLE,
        /** No look-up was needed: nothing depends on the answer. */
        NOT_CHECKED
    }

    public static UserOrigin directory(String evidence) {
        return new UserOrigin(Kind.DIRECTORY, null, evidence, null);
    }

    public static UserOrigin trusted(String domain, String evidence) {
        return new UserOrigin(Kind.TRUSTED_DOMAIN, domain, evidence, null);
    }

    public static UserOrigin ambiguous(String domain, String evidence, String remedy) {
        return new UserOrigin(Kind.AMBIGUOUS, domain, evidence, remedy);
    }

    public static UserOrigin dataApiOff(String evidence) {
        return new UserOrigin(Kind.DATA_API_OFF, null, evidence, null);
    }

    public static UserOrigin notCheckable(String evidence, String remedy) {
        return new UserOrigin(Kind.NOT_CHECKABLE, null, evidence, remedy);
    }

    public static UserOrigin notChecked(String why) {
        return new UserOrigin(Kind.NOT_CHECKED, null, why, null);
    }

    public boolean trusted() {
        return kind == Kind.TRUSTED_DOMAIN;
    }
}
