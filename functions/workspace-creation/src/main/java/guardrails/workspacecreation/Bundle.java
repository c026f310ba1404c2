package guardrails.workspacecreation;

/** A WorkSpaces bundle and the platform it runs, however that was learnt. */
public record Bundle(String bundleId, String name, String owner, Platform platform) {
}
