package guardrails.shared.findings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A command an operator pastes into a shell, written once as its words and quoted so that bash and zsh both pass
 * exactly those words to the program. zsh expands {@code [ ] *} and {@code ?} as globs and stops on "no matches
 * found", bash leaves an unmatched glob alone, and both expand {@code { }}, {@code $}, {@code ~} and a leading
 * {@code =} (zsh's equals expansion): any word with a character outside a plain set is single-quoted. A placeholder
 * the operator fills in ({@code <the trust password>}) is quoted too, so that a forgotten one fails as a bad value,
 * never as a shell redirection.
 */
public final class ShellCommand {

    /** Words that mean the same unquoted in bash and zsh (no glob, brace, variable, tilde or equals expansion). */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:,@%+-][A-Za-z0-9_./:,@%+=-]*");

    private ShellCommand() {
    }

    /** The command line whose words are these, each quoted as needed. */
    public static String of(String... words) {
        return of(Arrays.asList(words));
    }

    public static String of(List<String> words) {
        List<String> quoted = new ArrayList<>(words.size());
        for (String word : words) {
            quoted.add(quote(word));
        }
        return String.join(" ", quoted);
    }

    /** One word as the shells read it: as is when plain, else in single quotes (a quote inside as '\''). */
    static String quote(String word) {
        if (!word.isEmpty() && PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
