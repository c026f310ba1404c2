package guardrails.workspacecreation;

/**
 * Where a WorkSpace's user lives, and the evidence that says so (the alert names it).
 *
 * @param kind     DIRECTORY (the directory's own domain), TRUSTED_DOMAIN, UNDETERMINED (a look-up was needed and
 *                 could not be made), or NOT_CHECKED (no look-up was needed: nothing depends on the answer)
 * @param domain   the trusted domain, when kind is TRUSTED_DOMAIN
 * @param evidence how this was decided, in words
 */
public record UserOrigin(Kind kind, String domain, String evidence) {

    public enum Kind { DIRECTORY, TRUSTED_DOMAIN, UNDETERMINED, NOT_CHECKED }

    public static UserOrigin directory(String evidence) {
        return new UserOrigin(Kind.DIRECTORY, null, evidence);
    }

    public static UserOrigin trusted(String domain, String evidence) {
        return new UserOrigin(Kind.TRUSTED_DOMAIN, domain, evidence);
    }

    public static UserOrigin undetermined(String evidence) {
        return new UserOrigin(Kind.UNDETERMINED, null, evidence);
    }

    public static UserOrigin notChecked(String why) {
        return new UserOrigin(Kind.NOT_CHECKED, null, why);
    }

    public boolean trusted() {
        return kind == Kind.TRUSTED_DOMAIN;
    }
}
