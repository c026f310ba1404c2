package guardrails.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

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
        assertEquals(":rotating_light: Trust is One-Way", body.path("content").path("title").asText());
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
        assertEquals(100, subject.length());
        assertTrue(subject.matches("[\\x20-\\x7E]+"), subject);
        assertTrue(subject.startsWith("[WARNING] ?n?code and"));
    }
}
