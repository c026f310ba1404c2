package guardrails.shared.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Email subscribers read plain text in the order an operator acts on; every other protocol gets the Chatbot JSON. */
class EmailTextTest {

    private static final AlertChannel.AlertContext CONTEXT =
            new AlertChannel.AlertContext("111122223333", "us-east-1", "e-1");
    private static final Finding FINDING = new Finding("G1-workspace-creation", "TRUSTED_USER_ON_NON_WINDOWS",
            Severity.CRITICAL, "ws-1", List.of("d-1", "wsb-1"), "WorkSpace ws-1 cannot work", "Seen text.",
            "Why text.", "Terminated ws-1.", "Use a Windows bundle.");

    @Test
    void theTextReadsTopToBottomInTheOrderAnOperatorActs() {
        String text = EmailText.render(FINDING, CONTEXT);

        assertTrue(text.startsWith("[CRITICAL] WorkSpace ws-1 cannot work\n\n"), text);
        List<String> order = List.of("What was seen:\n  Seen text.", "Why it matters:\n  Why text.",
                "What was done:\n  Terminated ws-1.", "What to do:\n  Use a Windows bundle.", "Resource: ws-1",
                "Related: d-1, wsb-1", "Guardrail: G1-workspace-creation, rule TRUSTED_USER_ON_NON_WINDOWS",
                "Account 111122223333, region us-east-1, event e-1");
        int at = 0;
        for (String part : order) {
            int found = text.indexOf(part, at);
            assertTrue(found >= at, "missing or out of order: " + part + "\n" + text);
            at = found + part.length();
        }
        assertTrue(!text.contains("{") && !text.contains("*"), "no JSON, no markdown: " + text);
    }

    @Test
    void emailGetsTheTextAndEveryOtherProtocolTheChatbotNotification() throws Exception {
        JsonNode message = new ObjectMapper().readTree(SnsAlertChannel.message(FINDING, CONTEXT));

        assertEquals(List.of("default", "email"), List.copyOf(iterable(message)));
        assertEquals(EmailText.render(FINDING, CONTEXT), message.path("email").asText());
        JsonNode chatbot = new ObjectMapper().readTree(message.path("default").asText());
        assertEquals("custom", chatbot.path("source").asText());
        assertEquals(ChatbotNotification.body(FINDING, CONTEXT), message.path("default").asText());
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.properties().forEach(field -> names.add(field.getKey()));
        return names;
    }
}
