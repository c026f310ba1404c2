package guardrails.cli.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A finding's "what to do" text cut into its prose and the AWS CLI commands it quotes, so that the report can show
 * each command on its own, ready to copy. The guardrails write a command inline ("Revoke the rule: aws ec2 ... .");
 * it ends where the sentence goes on: at a comma, semicolon or full stop followed by a space or the end, at a
 * bracket it did not open, or at " (" (an aside), never inside quotes, brackets or a {@code <placeholder>}.
 */
final class Commands {

    /** One piece of the text, in order: prose, or one whole command. */
    record Part(String text, boolean command) {
    }

    private static final Pattern START = Pattern.compile("(?<![\\w-])aws [a-z0-9-]+ [a-z0-9-]+");

    private Commands() {
    }

    static List<Part> split(String text) {
        List<Part> parts = new ArrayList<>();
        Matcher start = START.matcher(text);
        int from = 0;
        while (start.find(from)) {
            int end = end(text, start.start());
            if (start.start() > from) {
                parts.add(new Part(text.substring(from, start.start()), false));
            }
            parts.add(new Part(text.substring(start.start(), end), true));
            from = end;
        }
        if (from < text.length()) {
            parts.add(new Part(text.substring(from), false));
        }
        return parts;
    }

    private static int end(String text, int start) {
        char quote = 0;
        int depth = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
                continue;
            }
            boolean spaceNext = i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1));
            switch (c) {
                case '\'', '"' -> quote = c;
                case '(', '[', '{', '<' -> {
                    if (c == '(' && depth == 0 && Character.isWhitespace(text.charAt(i - 1))) {
                        return i - 1;
                    }
                    depth++;
                }
                case ')', ']', '}', '>' -> {
                    if (depth == 0) {
                        return i;
                    }
                    depth--;
                }
                case ',', ';', '.' -> {
                    if (depth == 0 && spaceNext) {
                        return i;
                    }
                }
                default -> {
                }
            }
        }
        return text.length();
    }
}
