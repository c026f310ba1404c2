package guardrails.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What every alert a function publishes through the stand-in must be, whatever rule raised it: one message per
 * protocol (SNS MessageStructure "json"), its "default" an AWS Chatbot custom notification, its "email" plain text
 * in the order an operator acts, for the same finding, each linking the console page of the resource it is about.
 * The stand-in refuses a publish that is not.
 */
final class PublishedAlerts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONSOLE_PAGE = Pattern.compile("(ws|d|subnet|sg|mi|i)-[0-9a-z]+");

    private PublishedAlerts() {
    }

    /** Null when the SNS request is fine (or not a Publish); else what is wrong with the alert. */
    static String problem(String formBody) {
        Map<String, String> form = form(formBody);
        if (!"Publish".equals(form.get("Action"))) {
            return null;
        }
        if (!"json".equals(form.get("MessageStructure"))) {
            return "an alert must be published per protocol (MessageStructure json)";
        }
        try {
            JsonNode message = JSON.readTree(form.getOrDefault("Message", ""));
            JsonNode chatbot = JSON.readTree(message.path("default").asText());
            if (!"custom".equals(chatbot.path("source").asText()) || !"1.0".equals(chatbot.path("version").asText())
                    || chatbot.path("content").path("title").asText().isEmpty()) {
                return "the default message is not a Chatbot custom notification";
            }
            JsonNode fields = chatbot.path("metadata").path("additionalContext");
            String email = message.path("email").asText();
            String head = "[" + fields.path("severity").asText() + "] ";
            List<String> inOrder = List.of("What was seen:\n  " + fields.path("seen").asText(),
                    "Why it matters:\n  " + fields.path("whyItMatters").asText(),
                    "What was done:\n  " + fields.path("actionTaken").asText(),
                    "What to do:\n  " + fields.path("operatorAction").asText(),
                    "Resource: " + fields.path("resourceId").asText(),
                    "Guardrail: " + fields.path("guardrail").asText() + ", rule " + fields.path("rule").asText());
            if (!email.startsWith(head)) {
                return "the email text does not start with the severity and title";
            }
            int at = 0;
            for (String part : inOrder) {
                int found = email.indexOf(part, at);
                if (found < 0) {
                    return "the email text lacks, or misplaces: " + part.lines().findFirst().orElse(part);
                }
                at = found + part.length();
            }
            return consoleLinkProblem(fields.path("resourceId").asText(), email, chatbot);
        } catch (java.io.IOException e) {
            return "the alert is not JSON where it must be: " + e.getMessage();
        }
    }

    /** The email text of a Publish, by the Chatbot notification's id; empty for anything else. */
    static java.util.Optional<Map.Entry<String, String>> emailText(String formBody) {
        Map<String, String> form = form(formBody);
        try {
            JsonNode message = JSON.readTree(form.getOrDefault("Message", ""));
            String id = JSON.readTree(message.path("default").asText()).path("id").asText();
            String email = message.path("email").asText();
            return id.isEmpty() || email.isEmpty() ? java.util.Optional.empty()
                    : java.util.Optional.of(Map.entry(id, email));
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * A WorkSpace, directory, subnet, security group or managed node the alert is about links to its console page in
     * both texts.
     */
    private static String consoleLinkProblem(String resourceId, String email, JsonNode chatbot) {
        if (!CONSOLE_PAGE.matcher(resourceId).matches()) {
            return null;
        }
        boolean inEmail = email.lines().dropWhile(line -> !line.equals("In the console:")).anyMatch(line ->
                line.startsWith("  ") && line.contains(resourceId + ": https://")
                        && line.substring(line.indexOf(": https://")).contains(resourceId));
        boolean inChat = false;
        for (JsonNode step : chatbot.path("content").path("nextSteps")) {
            // "WorkSpace ws-…: https://…ws-…": a plain URL, which Slack and Teams both show (ChatbotNotification).
            inChat |= step.asText().matches("[^:]*" + resourceId + ": https://\\S*" + resourceId + "\\S*");
        }
        return inEmail && inChat ? null : "the alert does not link " + resourceId + " to its console page"
                + (inEmail ? " in the Chatbot notification" : " in the email text");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
