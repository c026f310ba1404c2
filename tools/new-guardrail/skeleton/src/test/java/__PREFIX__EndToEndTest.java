package guardrails.__PACKAGE__;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.local.CloudTrailEvents;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** __NUMBER__ against the local emulator, through the real SDK clients and the function as template.yaml wires it. */
class __PREFIX__EndToEndTest {

    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    static final LocalAws AWS = LocalAws.shared();

    @Test
    void theScheduleSweepsTheSeededDirectoriesAndFindsThemRegistered() throws Exception {
        AWS.reset();
        LocalAws.Deployment deployment = AWS.deploy("ALERT");
        FieldScenario.seed(AWS);
        var handler = new LocalInvoker(Template.load().function("__PREFIX__Function"), deployment.environment());

        JsonNode result = CloudTrailEvents.parse(handler.invoke(CloudTrailEvents.schedule(), QUIET));

        assertEquals("handled", result.path("status").asText(), result.toString());
        assertTrue(deployment.inbox().drain().isEmpty(), "a registered directory raises nothing");
    }
}
