package guardrails.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The local runner takes handlers and configuration from template.yaml: read them as SAM would. */
class TemplateTest {

    @Test
    void functionHandlerEnvironmentAndActionsAreRead() {
        Template.Function function = Template.load().function("WorkspaceCreationGuardFunction");
        assertEquals("guardrails.workspacecreation.WorkspaceCreationHandler", function.handlerClass());
        assertEquals("ALERT", function.environment().get("MODE"), "a parameter becomes its default");
        assertEquals("8", Template.load().function("SubnetCapacityGuardFunction").environment().get("SUBNET_WARNING_FREE"),
                "function variables on top of Globals");
        assertFalse(function.environment().containsKey("ALERT_TOPIC_ARN"), "a resource reference comes from outside");
        assertTrue(function.iamActions().contains("sns:Publish"));
        assertTrue(function.eventPatterns().containsKey("CreateWorkspaces"));
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
