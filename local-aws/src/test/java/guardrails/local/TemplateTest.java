package guardrails.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The local runner takes handlers and configuration from template.yaml: read them as SAM would. */
class TemplateTest {

    @Test
    void functionHandlerEnvironmentAndActionsAreRead() {
        Template.Function function = Template.load().function("WorkspaceCreationFunction");
        assertEquals("guardrails.workspacecreation.WorkspaceCreationHandler", function.handlerClass());
        assertEquals("ALERT", function.environment().get("MODE"), "a parameter becomes its default");
        assertEquals("8", Template.load().function("SubnetCapacityFunction").environment().get("SUBNET_WARNING_FREE"),
                "function variables on top of Globals");
        assertFalse(function.environment().containsKey("ALERT_TOPIC_ARN"), "a resource reference comes from outside");
        assertTrue(function.iamActions().contains("sns:Publish"));
        assertTrue(function.eventPatterns().containsKey("CreateWorkspaces"));
    }

    @Test
    void eachGuardrailThatActsHasAModeOfItsOwnAndTheOthersOnlyReport() {
        Template template = Template.load();
        assertEquals("ALERT", template.function("WorkspaceCreationFunction").environment().get("MODE"));
        assertEquals("ALERT", template.function("DefenderDefinitionsFunction").environment().get("MODE"));
        assertEquals("ALERT", template.function("RdpStickinessFunction").environment().get("MODE"));
        assertEquals("ALERT", template.function("NetworkExposureFunction").environment().get("MODE"));
        assertEquals(java.util.Set.of("WorkspaceCreationMode", "DefenderDefinitionsMode", "RdpStickinessMode",
                        "NetworkExposureMode"),
                template.parameterNames().stream()
                .filter(name -> name.endsWith("Mode")).collect(java.util.stream.Collectors.toSet()));
        assertFalse(template.function("DirectoryTrustFunction").environment().containsKey("MODE"), "G2 only reports");
        assertFalse(template.function("SubnetCapacityFunction").environment().containsKey("MODE"),
                "G3 only reports");

        Template g1Acts = template.withParameters(java.util.Map.of("WorkspaceCreationMode", "REMEDIATE"));
        assertEquals("REMEDIATE", g1Acts.function("WorkspaceCreationFunction").environment().get("MODE"));
        assertEquals("ALERT", g1Acts.function("DefenderDefinitionsFunction").environment().get("MODE"),
                "G4 keeps its own mode");
    }

    @Test
    void slackAndTeamsChannelsPostBothTopicsWithARoleThatMayDoNothing() {
        Template template = Template.load();
        var slack = template.resources("AWS::Chatbot::SlackChannelConfiguration").get("SlackChannel");
        var teams = template.resources("AWS::Chatbot::MicrosoftTeamsChannelConfiguration").get("TeamsChannel");
        for (var channel : java.util.List.of(slack, teams)) {
            // Both topics; with a central topic (another account's), only the health topic: chat that topic there.
            assertEquals("[\"HasOwnAlertTopic\",[\"AlertTopic\",\"HealthTopic\"],[\"HealthTopic\"]]",
                    channel.path("SnsTopicArns").toString());
            assertEquals("ChatbotRole.Arn", channel.path("IamRoleArn").asText());
            assertTrue(channel.path("GuardrailPolicies").get(0).asText().endsWith(":iam::aws:policy/ReadOnlyAccess"));
        }
        var role = template.resources("AWS::IAM::Role").get("ChatbotRole");
        assertTrue(role.path("Policies").isMissingNode() && role.path("ManagedPolicyArns").isMissingNode(),
                "notifications need no permission");
        assertTrue(template.parameterNames().containsAll(java.util.List.of("SlackWorkspaceId", "SlackChannelId",
                "TeamsTenantId", "TeamsTeamId", "TeamsChannelId")));
    }

    @Test
    void theSamLocalEnvironmentFileGivesEveryFunctionWhatTheTemplateTakesFromTheStack() throws Exception {
        var env = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                CloudTrailEvents.eventsDir().resolve("sam-local/env.json").toFile());
        for (String name : java.util.List.of("ALERT_TOPIC_ARN", "FINDINGS_TABLE")) {
            assertFalse(env.path("Parameters").path(name).asText().isBlank(), name);
        }
        Template template = Template.load();
        env.properties().forEach(entry -> assertTrue(entry.getKey().equals("Parameters")
                || template.functionIds().contains(entry.getKey()), "not a function of the template: " + entry.getKey()));
        // Every value only a deployed stack knows (a resource's name, a condition's choice) is given, for every
        // function, and each acting guardrail's mode with its switch.
        for (String id : template.functionIds()) {
            Template.Function function = template.function(id);
            for (String name : function.fromTheStack()) {
                assertFalse(env.path(id).path(name).asText(env.path("Parameters").path(name).asText()).isBlank(),
                        id + " needs " + name + " in events/sam-local/env.json");
            }
            if (function.environment().containsKey("MODE")) {
                assertEquals(function.environment().get("MODE"), env.path(id).path("MODE").asText(), id);
            }
        }
        assertTrue(template.function("DefenderDefinitionsFunction").fromTheStack()
                .contains("DEFENDER_UPDATE_DOCUMENT"), "a resource's name is the stack's");
    }

    @Test
    void everyFunctionHasTheMakeTargetSamBuildCalls() throws Exception {
        java.nio.file.Path root = CloudTrailEvents.eventsDir().getParent();
        String makefile = java.nio.file.Files.readString(root.resolve("Makefile"));
        for (String id : Template.load().functionIds()) {
            var target = java.util.regex.Pattern.compile("build-" + id + ":\\n\\t./guardrails build-function ([a-z-]+) ")
                    .matcher(makefile);
            assertTrue(target.find(), "Makefile lacks build-" + id);
            assertTrue(java.nio.file.Files.isDirectory(root.resolve("functions").resolve(target.group(1))),
                    "build-" + id + " names a module that does not exist");
        }
    }
}
