package guardrails.shared.channels;

import guardrails.shared.findings.Finding;
import java.util.Map;

/**
 * A finding as email subscribers read it: plain text laid out for reading (title, what was seen, why it matters,
 * what was done, what to do, then where, with the console page of each resource it names). Every other protocol
 * gets the Chatbot notification ({@link SnsAlertChannel} publishes one message per protocol).
 */
public final class EmailText {

    private EmailText() {
    }

    public static String render(Finding finding, AlertChannel.AlertContext context) {
        Map<String, String> fields = ChatbotNotification.fields(finding, context);
        StringBuilder text = new StringBuilder();
        text.append('[').append(finding.severity()).append("] ").append(finding.title()).append("\n\n");
        section(text, "What was seen", finding.seen());
        section(text, "Why it matters", finding.whyItMatters());
        section(text, "What was done", finding.actionTaken());
        section(text, "What to do", finding.operatorAction());
        if (!finding.commands().isEmpty()) {
            // Each command whole on its own line, after the words, so that it can be copied as it is.
            finding.commands().forEach(command -> text.append("    ").append(command).append('\n'));
            text.append('\n');
        }
        text.append("Resource: ").append(finding.resourceId()).append('\n');
        if (!finding.related().isEmpty()) {
            text.append("Related: ").append(String.join(", ", finding.related())).append('\n');
        }
        Map<String, String> links = ConsoleLinks.of(finding, context.region());
        if (!links.isEmpty()) {
            text.append("In the console:\n");
            links.forEach((label, url) -> text.append("  ").append(label).append(": ").append(url).append('\n'));
        }
        text.append("Guardrail: ").append(finding.guardrail()).append(", rule ").append(finding.rule()).append('\n');
        text.append("Account ").append(fields.get("account")).append(", region ").append(fields.get("region"))
                .append(", event ").append(fields.get("eventId")).append('\n');
        return text.toString();
    }

    private static void section(StringBuilder text, String heading, String body) {
        text.append(heading).append(":\n  ").append(body).append("\n\n");
    }
}
