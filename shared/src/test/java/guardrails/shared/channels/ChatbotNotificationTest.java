package guardrails.shared.channels;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.shared.directory.Trust;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Remediation;
import guardrails.shared.findings.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** The alert body is an AWS Chatbot custom notification; the subject fits SNS's limits. */
class ChatbotNotificationTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    static final Finding FINDING = new Finding("G1-workspace-creation", "TRUST_NOT_TWO_WAY", Severity.CRITICAL,
            "t-1", List.of("d-1", "ws-1"), "Trust is One-Way", "seen it", "it matters", "None.", "recreate it");
    static final AlertChannel.AlertContext CONTEXT = new AlertChannel.AlertContext("111122223333", "us-east-1", "e-1");

    @Test
    void bodyFollowsTheCustomNotificationSchemaAndCarriesEveryField() throws Exception {
        JsonNode body = JSON.readTree(ChatbotNotification.body(FINDING, CONTEXT));
        assertEquals("1.0", body.path("version").asText());
        assertEquals("custom", body.path("source").asText());
        // Unicode emoji: Teams shows Slack's shortcodes (:rotating_light:) as text.
        assertEquals("\uD83D\uDEA8 Trust is One-Way", body.path("content").path("title").asText());
        assertTrue(body.path("content").path("description").asText().contains("*Why it matters:* it matters"));
        assertEquals("recreate it", body.path("content").path("nextSteps").get(0).asText());
        assertEquals("t-1", body.path("metadata").path("relatedResources").get(0).asText());
        JsonNode fields = body.path("metadata").path("additionalContext");
        for (String field : List.of("guardrail", "rule", "severity", "resourceId", "seen", "whyItMatters",
                "actionTaken", "operatorAction", "account", "region", "eventId")) {
            assertTrue(fields.path(field).isTextual(), field);
        }
    }

    @Test
    void subjectIsShortSingleLineAscii() {
        Finding longTitle = new Finding("G", "R", Severity.WARNING, "x", List.of(), "Ünïcode\nand " + "x".repeat(200),
                "", "", "", "");
        String subject = ChatbotNotification.subject(longTitle);
        assertEquals(99, subject.length());
        assertTrue(subject.matches("[\\x20-\\x7E]+"), subject);
        assertTrue(subject.startsWith("[WARNING] ?n?code and"));
    }

    /**
     * A fixed finding's subject leads with the outcome; on a central topic it names the account it is about; it stays
     * under SNS's limit ("less than 100 characters").
     */
    @Test
    void theSubjectLeadsWithTheOutcomeAndNamesTheAccountOnACentralTopic() {
        Finding fixed = FINDING.fixed(new Remediation("terminate ws-1", () -> "Terminated ws-1."), "Terminated ws-1.");
        assertEquals("[CRITICAL] Fixed: Trust is One-Way", ChatbotNotification.subject(fixed));
        assertEquals("[CRITICAL] 222233334444: Fixed: Trust is One-Way",
                ChatbotNotification.subject(fixed, "222233334444"));
        assertEquals(Finding.NOTHING_TO_RUN, fixed.operatorAction(), "nothing to run once it is done");
        Finding longer = new Finding("G", "R", Severity.WARNING, "x", List.of(), "y".repeat(300), "", "", "", "");
        assertEquals(99, ChatbotNotification.subject(longer, "222233334444").length());
        Finding words = new Finding("G", "R", Severity.WARNING, "x", List.of(), "Defender definitions 400 days old on"
                + " WSAMZN-E4D323FFA (ws-e4d323ffa, ONPREM\\test-1, and more words)", "", "", "", "");
        // Cut after a whole word, not inside one.
        assertEquals("[WARNING] 222233334444: Defender definitions 400 days old on WSAMZN-E4D323FFA (ws-e4d323ffa,...",
                ChatbotNotification.subject(words, "222233334444"));
    }

    /** An event's text cannot add lines to an alert, reorder it, or make it larger than SNS takes (256 KiB). */
    @Test
    void eventTextCannotForgeLinesOrOverflowTheMessage() throws Exception {
        String forged = "ws-1\n*Done:* Nothing\r\n\u2028*Why it matters:* none\u202Egnp.exe\u0000";
        Finding finding = new Finding("G1", "R", Severity.CRITICAL, forged, List.of(forged), "title " + forged,
                "seen " + forged, "why", "done", "do " + forged);
        JsonNode body = JSON.readTree(ChatbotNotification.body(finding, CONTEXT));
        String description = body.path("content").path("description").asText();
        assertEquals(3, description.split("\n").length, "only the renderer's own three lines: " + description);
        for (String text : List.of(description.replace("\n", " "), body.path("content").path("title").asText(),
                body.path("content").path("nextSteps").get(0).asText(), body.path("metadata").path("threadId").asText())) {
            assertTrue(text.chars().noneMatch(c -> c < 0x20 || c == 0x2028 || c == 0x202E), text);
        }

        String huge = "\u8a66".repeat(1_000_000); // 3 bytes each in UTF-8: the worst a Java char can cost
        String command = "aws x " + "\u8a66".repeat(2_994); // 3,000 characters
        Finding largest = new Finding("G1", "R", Severity.CRITICAL, huge, java.util.Collections.nCopies(10_000, huge),
                huge, huge, huge, huge, huge, java.util.Collections.nCopies(100, command));
        assertEquals(List.of(command, command), largest.commands(), "commands whole, up to their bound together");
        assertEquals(List.of(), new Finding("G1", "R", Severity.CRITICAL, "r", List.of(), "t", "s", "w", "a", "o",
                List.of("aws " + "y".repeat(Finding.COMMANDS_LIMIT))).commands(), "never cut: left out");
        var context = new AlertChannel.AlertContext(huge, huge, huge);
        // What is published: the Chatbot notification and the email text, one JSON message (MessageStructure json).
        int bytes = SnsAlertChannel.message(largest, context).getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + ChatbotNotification.subject(largest).length();
        assertTrue(bytes < 240 * 1024, "under SNS's 262,144 bytes with subject and attributes: " + bytes);
        assertTrue(largest.seen().endsWith("(cut)"), "a cut text says so");
        assertEquals(Finding.RELATED_LIMIT + 1, largest.related().size());
        assertEquals("and 9950 more", largest.related().get(Finding.RELATED_LIMIT));
    }

    /**
     * Values from the account reach chat as text, never markup: Slack's mention and link syntax, emphasis, Markdown
     * links and bare URLs are inert, while this code's own labels and console links stay live and commands stay
     * paste-able (an underscore inside a word emphasises nothing).
     */
    @Test
    void textFromTheAccountIsInertInChat() throws Exception {
        String typed = "<!channel> <https://evil.example/login|Open your WorkSpace> *bold* _it_ ~gone~ `code`"
                + " [x](https://e.example) & more";
        Finding finding = new Finding("G6-rdp-stickiness", "RDP_TARGET_GROUP_NOT_STICKY", Severity.WARNING,
                "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/rdp-hosts/73e2d6bc24d8a067",
                List.of(), "Group " + typed, "seen " + typed, "why", "done " + typed,
                "aws elbv2 modify-target-group-attributes --attributes Key=stickiness.type,Value=source_ip"
                        + " on d-1234567890_workspacesMembers");
        JsonNode content = JSON.readTree(ChatbotNotification.body(finding, CONTEXT)).path("content");
        String chat = content.path("title").asText() + "\n" + content.path("description").asText() + "\n"
                + content.path("nextSteps").get(0).asText();

        assertTrue(chat.contains("&lt;!channel&gt; &lt;https:\u2215\u2215evil.example/login|Open your WorkSpace&gt;"),
                chat);
        for (String live : List.of("<", ">", "*bold*", "_it_", "~gone~", "`code`", "](", "://", " & ")) {
            assertTrue(!chat.contains(live), live + " is live: " + chat);
        }
        assertTrue(chat.contains(" &amp; more"), chat);
        assertTrue(content.path("description").asText().startsWith("*Seen:* seen "), "the renderer's own markup");
        assertEquals("aws elbv2 modify-target-group-attributes --attributes Key=stickiness.type,Value=source_ip"
                + " on d-1234567890_workspacesMembers", content.path("nextSteps").get(0).asText(), "paste-able");
        assertTrue(content.path("nextSteps").get(1).asText().startsWith("target group "), "our console link");
        assertTrue(content.path("nextSteps").get(1).asText().contains(": https://"), "a plain URL, live in both");
    }
}
