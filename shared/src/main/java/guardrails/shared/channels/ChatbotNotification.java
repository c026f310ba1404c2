package guardrails.shared.channels;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import guardrails.shared.Json;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.SafeText;
import guardrails.shared.findings.Severity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders a finding as an AWS Chatbot (Amazon Q Developer in chat applications) custom notification, so the
 * alert topic can feed Slack or Teams directly and still reads well in email. Schema: "Custom notifications"
 * in the Amazon Q Developer in chat applications admin guide (version, source = custom, content, metadata).
 */
public final class ChatbotNotification {

    /** SNS subjects: ASCII, no line breaks, "less than 100 characters" (sns/2010-03-31, PublishInput.Subject). */
    static final int SUBJECT_LIMIT = 99;
    static final int CONTEXT_LIMIT = 200;

    private ChatbotNotification() {
    }

    public static String subject(Finding finding) {
        return subject(finding, null);
    }

    /**
     * The subject: severity, then the account a central topic's readers need to tell accounts apart (null: the
     * topic is the account's own), then the title, which leads with the outcome.
     */
    public static String subject(Finding finding, String account) {
        String raw = "[" + finding.severity() + "] " + (account == null ? "" : account + ": ") + finding.title();
        String ascii = raw.replaceAll("[\\r\\n]+", " ").replaceAll("[^\\x20-\\x7E]", "?");
        if (ascii.length() <= SUBJECT_LIMIT) {
            return ascii;
        }
        // Cut at a word's end when one is near, so the last word shown is whole.
        int cut = ascii.lastIndexOf(' ', SUBJECT_LIMIT - 3);
        return ascii.substring(0, cut > SUBJECT_LIMIT - 25 ? cut : SUBJECT_LIMIT - 3) + "...";
    }

    public static String body(Finding finding, AlertChannel.AlertContext context) {
        ObjectNode root = Json.object();
        root.put("version", "1.0");
        root.put("source", "custom");
        root.put("id", SafeText.line(finding.onceKey(context.eventId()), CONTEXT_LIMIT));

        ObjectNode content = root.putObject("content");
        content.put("textType", "client-markdown");
        // The finding's texts carry values from the account (user, computer and group names): inert here, and the
        // only markup is this code's own.
        content.put("title", icon(finding.severity()) + " " + inert(finding.title()));
        content.put("description", "*Seen:* " + inert(finding.seen())
                + "\n*Why it matters:* " + inert(finding.whyItMatters())
                + "\n*Done:* " + inert(finding.actionTaken()));
        ArrayNode nextSteps = content.putArray("nextSteps").add(inert(finding.operatorAction()));
        finding.commands().forEach(command -> nextSteps.add(inertCommand(command)));
        // Plain URLs: Chatbot hands client-markdown to each client's own Markdown, and Slack's link markup
        // (<url|text>) is not Teams'; both show a plain URL, which Slack also makes a link.
        ConsoleLinks.of(finding, context.region()).forEach((label, url) -> nextSteps.add(label + ": " + url));
        ArrayNode keywords = content.putArray("keywords");
        keywords.add(finding.severity().name()).add(finding.guardrail()).add(finding.rule());

        ObjectNode metadata = root.putObject("metadata");
        metadata.put("threadId", finding.resourceId());
        metadata.put("summary", subject(finding));
        metadata.put("eventType", finding.rule());
        ArrayNode related = metadata.putArray("relatedResources");
        related.add(finding.resourceId());
        finding.related().forEach(related::add);
        // Chatbot's additionalContext is a string map: every field of the finding, for filters and machines.
        ObjectNode additional = metadata.putObject("additionalContext");
        fields(finding, context).forEach(additional::put);
        return Json.toString(root);
    }

    public static Map<String, String> fields(Finding finding, AlertChannel.AlertContext context) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("guardrail", finding.guardrail());
        fields.put("rule", finding.rule());
        fields.put("severity", finding.severity().name());
        fields.put("resourceId", finding.resourceId());
        fields.put("relatedResources", String.join(",", finding.related()));
        fields.put("seen", finding.seen());
        fields.put("whyItMatters", finding.whyItMatters());
        fields.put("actionTaken", finding.actionTaken());
        fields.put("operatorAction", finding.operatorAction());
        fields.put("commands", String.join("\n", finding.commands()));
        // The context comes from the event: bounded like the finding's own texts.
        fields.put("account", SafeText.line(context.account(), CONTEXT_LIMIT));
        fields.put("region", SafeText.line(context.region(), CONTEXT_LIMIT));
        fields.put("eventId", SafeText.line(context.eventId(), CONTEXT_LIMIT));
        return fields;
    }

    /**
     * Text as chat clients show it, never as markup. Slack's mrkdwn ("Formatting text for app surfaces", Slack API
     * docs) reads {@code <...>} as links and mentions ({@code <!channel>}) and asks for {@code &}, {@code <},
     * {@code >} as entities; {@code *}, {@code _}, {@code ~} and backticks start emphasis and code, and Teams also
     * reads Markdown links ({@code [text](url)}) and bare URLs. So: the three as entities, the emphasis characters as
     * look-alikes (an underscore inside a word, as in source_ip, stays: it emphasises nothing), a Markdown link broken
     * apart and a URL's "://" made unlinkable. None of this code's own texts use those characters, so commands stay
     * paste-able.
     */
    static String inert(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '*' -> out.append('\u2217'); // asterisk operator
                case '~' -> out.append('\u223C'); // tilde operator
                case '`' -> out.append('\u02CB'); // modifier letter grave accent
                case '_' -> out.append(insideWord(text, i) ? '_' : '\uFF3F'); // fullwidth low line
                default -> out.append(c);
            }
        }
        return out.toString().replace("](", "] (").replace("://", ":\u2215\u2215"); // division slashes
    }

    /**
     * A command as chat clients show it and an operator pastes it: only what could become markup that links or
     * mentions is changed ({@code & < >} as entities, which Slack shows as the characters, and a Markdown link broken);
     * the rest, quotes, brackets and {@code ://} included, stays as the shell needs it.
     */
    static String inertCommand(String command) {
        return command.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("](", "] (");
    }

    private static boolean insideWord(String text, int at) {
        return at > 0 && at < text.length() - 1 && Character.isLetterOrDigit(text.charAt(at - 1))
                && Character.isLetterOrDigit(text.charAt(at + 1));
    }

    private static String icon(Severity severity) {
        // Unicode emoji, not Slack's shortcodes (:warning:), which Teams shows as text.
        return switch (severity) {
            case CRITICAL -> "\uD83D\uDEA8"; // police car light
            case WARNING -> "\u26A0\uFE0F"; // warning sign
            case INFO -> "\u2139\uFE0F"; // information source
        };
    }
}
