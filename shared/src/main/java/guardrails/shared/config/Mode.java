package guardrails.shared.config;

/** Set per deployment: report only, or act where that is safe and then report. */
public enum Mode {
    ALERT, REMEDIATE;

    public static Mode parse(String value) {
        try {
            return Mode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("MODE must be ALERT or REMEDIATE, got: " + value);
        }
    }
}
