package guardrails.cli;

import guardrails.local.FieldKit;
import guardrails.local.AlertInbox;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ssm.SsmClient;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every function the template gives a mode parameter obeys it: the parameter set to ALERT over a REMEDIATE
 * deployment, its field case changes nothing and says what it would have done. A guardrail that can act and forgot
 * to read its mode for the invocation would act here.
 */
class ModeParameterTest {

    static final LocalAws AWS = LocalAws.shared();
    /** The calls by which a guardrail acts, as each guardrail's field kit names them. */
    static final Set<String> ACTING_CALLS = FieldKit.everyActingCall();

    static Stream<FieldKit> casesWithAModeParameter() {
        var functions = Template.load().resources("AWS::Serverless::Function");
        List<FieldKit> cases = FieldKit.all().stream().filter(c -> functions.get(c.function())
                .path("Environment").path("Variables").has("MODE_PARAMETER")).toList();
        assertFalse(cases.isEmpty(), "the template names no mode parameter");
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesWithAModeParameter")
    void theModeParameterSaysAlertSoNothingIsChanged(FieldKit c) throws Exception {
        AWS.reset();
        LocalAws.Deployment deployment = AWS.deploy("REMEDIATE");
        FieldScenario scenario = FieldScenario.seed(AWS);
        String parameter = "/workspaces-guardrails/" + c.function() + "/mode";
        AWS.client(SsmClient.builder()).putParameter(r -> r.name(parameter).value("ALERT").type("String"));
        String event = c.arrange(scenario);
        AWS.standIn().resetCalls();

        new LocalInvoker(Template.load().function(c.function()), deployment.environmentWith("MODE_PARAMETER",
                parameter)).run(event);

        List<String> calls = AWS.standIn().calls();
        assertTrue(calls.contains("AmazonSSM.GetParameter"), "the mode parameter was read: " + calls);
        assertTrue(calls.stream().noneMatch(ACTING_CALLS::contains), "nothing changed: " + calls);
        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertTrue(alerts.stream().anyMatch(a -> a.field("actionTaken").startsWith("Nothing (mode is ALERT).")),
                "the alert says what REMEDIATE would do: " + alerts.stream().map(a -> a.field("actionTaken")).toList());
    }
}
