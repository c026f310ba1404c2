package guardrails.shared.findings;

import java.util.Map;

/** A resource tagged {@code guardrails:exempt = true} is left alone: no action, no alert. */
public final class Exemption {
    public static final String TAG_KEY = "guardrails:exempt";

    private Exemption() {
    }

    public static boolean isExempt(Map<String, String> tags) {
        return tags != null && "true".equalsIgnoreCase(String.valueOf(tags.get(TAG_KEY)).trim());
    }
}
