package guardrails.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stand-in's check of every published alert refuses what an operator could not read. */
class PublishedAlertsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String publish(String structure, String email) throws Exception {
        return publish(structure, email, "r", null);
    }

    private static String publish(String structure, String email, String resource, String chatLink) throws Exception {
        ObjectNode chatbot = JSON.createObjectNode().put("version", "1.0").put("source", "custom");
        ObjectNode content = chatbot.putObject("content").put("title", "t");
        content.putArray("nextSteps").add("o").add(chatLink == null ? "" : chatLink);
        chatbot.putObject("metadata").putObject("additionalContext").put("severity", "CRITICAL").put("seen", "s")
                .put("whyItMatters", "w").put("actionTaken", "a").put("operatorAction", "o")
                .put("resourceId", resource).put("guardrail", "G9").put("rule", "R");
        String message = JSON.createObjectNode().put("default", chatbot.toString()).put("email", email).toString();
        return "Action=Publish&TopicArn=x" + (structure == null ? "" : "&MessageStructure=" + structure)
                + "&Message=" + URLEncoder.encode(message, StandardCharsets.UTF_8);
    }

    @Test
    void aReadableAlertPassesAndOthersSayWhatIsWrong() throws Exception {
        String good = "[CRITICAL] t\n\nWhat was seen:\n  s\n\nWhy it matters:\n  w\n\nWhat was done:\n  a\n\n"
                + "What to do:\n  o\n\nResource: r\nGuardrail: G9, rule R\n";
        assertNull(PublishedAlerts.problem(publish("json", good)));
        assertEquals("an alert must be published per protocol (MessageStructure json)",
                PublishedAlerts.problem(publish(null, good)));
        assertTrue(PublishedAlerts.problem(publish("json", good.replace("What to do", "Next"))).contains("What to do"));
        assertNull(PublishedAlerts.problem("Action=Subscribe&TopicArn=x"), "only publishes are checked");
    }

    @Test
    void anAlertAboutAWorkSpaceMustLinkItsConsolePageInBothTexts() throws Exception {
        String url = "https://us-east-1.console.aws.amazon.com/workspaces/v2/workspaces?region=us-east-1"
                + "#/workspaces/ws-abcdefgh1";
        String email = "[CRITICAL] t\n\nWhat was seen:\n  s\n\nWhy it matters:\n  w\n\nWhat was done:\n  a\n\n"
                + "What to do:\n  o\n\nResource: ws-abcdefgh1\nIn the console:\n  WorkSpace ws-abcdefgh1: " + url
                + "\nGuardrail: G9, rule R\n";
        String chat = "WorkSpace ws-abcdefgh1: " + url;

        assertNull(PublishedAlerts.problem(publish("json", email, "ws-abcdefgh1", chat)));
        assertEquals("the alert does not link ws-abcdefgh1 to its console page in the Chatbot notification",
                PublishedAlerts.problem(publish("json", email, "ws-abcdefgh1", null)));
        assertEquals("the alert does not link ws-abcdefgh1 to its console page in the email text",
                PublishedAlerts.problem(publish("json", email.replace("In the console:", ""), "ws-abcdefgh1", chat)));
    }
}
