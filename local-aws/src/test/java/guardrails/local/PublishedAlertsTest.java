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
        ObjectNode chatbot = JSON.createObjectNode().put("version", "1.0").put("source", "custom");
        chatbot.putObject("content").put("title", "t");
        chatbot.putObject("metadata").putObject("additionalContext").put("severity", "CRITICAL").put("seen", "s")
                .put("whyItMatters", "w").put("actionTaken", "a").put("operatorAction", "o").put("resourceId", "r")
                .put("guardrail", "G9").put("rule", "R");
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
}
