package guardrails.shared.findings;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Text from events and API answers, made fit for an alert: an event must not be able to forge lines of an alert,
 * reorder or hide what a reader sees, nor make it larger than SNS accepts (256 KiB a message). Unicode letters stay
 * (a user's name may be Japanese); control characters, line and paragraph separators become spaces, and format
 * characters (Cf: bidirectional controls, zero-width spaces and joiners, U+FEFF, the tag block U+E0000-E007F) go.
 */
public final class SafeText {

    /** Cc (controls, CR and LF included), Zl, Zp: each stands for a break, so a space keeps the words apart. */
    private static final Pattern BREAKS = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]");
    /** Cf, by code point (the tag block is outside the BMP): invisible, so removed. */
    private static final Pattern INVISIBLE = Pattern.compile("\\p{Cf}");
    static final String CUT = " ... (cut)";

    private SafeText() {
    }

    /** One line of at most {@code limit} characters; null stays null. */
    public static String line(String value, int limit) {
        if (value == null) {
            return null;
        }
        String clean = INVISIBLE.matcher(BREAKS.matcher(value).replaceAll(" ")).replaceAll("");
        if (clean.length() <= limit) {
            return clean;
        }
        int end = limit - CUT.length();
        if (Character.isHighSurrogate(clean.charAt(end - 1))) {
            end--; // never split a character in two
        }
        return clean.substring(0, end) + CUT;
    }

    /** At most {@code count} entries, each a line of at most {@code limit}; the rest are counted in a last entry. */
    public static List<String> lines(List<String> values, int count, int limit) {
        List<String> kept = values.stream().limit(count).map(v -> line(v, limit)).toList();
        if (values.size() <= count) {
            return kept;
        }
        return java.util.stream.Stream.concat(kept.stream(), java.util.stream.Stream.of(
                "and " + (values.size() - count) + " more")).toList();
    }
}
