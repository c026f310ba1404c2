package guardrails.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.bench.FunctionJar;
import guardrails.local.FieldKit;
import guardrails.local.Template;
import guardrails.shared.registry.Guardrail;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Each guardrail declares itself once, in its module (ServiceLoader), and the declaration agrees with what deploys it:
 * one per function of template.yaml, its number the function's Description's, its module the Makefile's, and a mode
 * parameter exactly when it can act; and it goes by one name everywhere.
 */
class GuardrailDescriptorsTest {

    static final Template TEMPLATE = Template.load();

    @Test
    void oneDeclarationPerFunctionOfTheTemplate() {
        List<Guardrail> guardrails = Guardrail.all();
        assertEquals(new TreeSet<>(TEMPLATE.functionIds()),
                new TreeSet<>(guardrails.stream().map(Guardrail::logicalId).toList()));
        assertEquals(guardrails.size(), guardrails.stream().map(Guardrail::key).distinct().count(), "keys unique");
    }

    @Test
    void eachDeclarationAgreesWithTheTemplateAndTheMakefile() {
        for (Guardrail guardrail : Guardrail.all()) {
            String function = guardrail.logicalId();
            assertEquals(FunctionJar.guardrailNumber(function), guardrail.number(), function);
            assertEquals(FunctionJar.moduleOf(function), guardrail.module(), function);
            // The parameter's name is a reference to the stack's own resource: among what comes from the stack.
            boolean modeParameter = TEMPLATE.function(function).fromTheStack().contains("MODE_PARAMETER");
            assertEquals(modeParameter, guardrail.canAct(), function + ": a mode parameter exactly when it can act");
            // It reads its mode parameter (ssm:GetParameter, through the SSM client) exactly when it can act.
            assertEquals(guardrail.canAct(), guardrail.iamActions().contains("ssm:GetParameter"), function);
            assertTrue(!guardrail.canAct() || guardrail.serviceClients().contains("ssm"), function);
            assertTrue(guardrail.key().matches("G\\d+-[a-z-]+"), guardrail.key());
        }
    }

    /**
     * Each guardrail brings one field kit, in its own package (its module's test jar): the system tests and the
     * bench take every case from the kits, so a guardrail without one would go untested there. A guardrail that can
     * act names the rule REMEDIATE fixes in its case and the calls by which it acts (the reliability suites watch for
     * them), and one that only reports names neither.
     */
    @Test
    void eachGuardrailHasOneFieldKitInItsModule() {
        List<FieldKit> kits = FieldKit.all();
        assertEquals(Guardrail.all().stream().map(Guardrail::logicalId).toList(),
                kits.stream().map(FieldKit::function).toList(), "one kit per guardrail, in their order");
        for (FieldKit kit : kits) {
            Guardrail guardrail = kit.guardrail();
            assertEquals(guardrail.canAct(), kit.fixedRule().isPresent(), guardrail.key()
                    + ": a fixed rule exactly when it can act");
            assertTrue(kit.fixedRule().isEmpty() || kit.expectedRules().contains(kit.fixedRule().get()),
                    guardrail.key() + ": the rule it fixes is one its case alerts");
            assertEquals(guardrail.canAct(), !kit.actingCalls().isEmpty(), guardrail.key()
                    + ": the calls by which it acts, exactly when it can act");
            for (String call : kit.actingCalls()) {
                String operation = call.substring(call.lastIndexOf('.') + 1);
                assertTrue(guardrail.iamActions().stream().anyMatch(a -> a.endsWith(":" + operation)),
                        guardrail.key() + ": it acts by " + call + ", an action it declares: " + guardrail.iamActions());
            }
        }
    }

    /**
     * "G4-defender-definitions" is module functions/defender-definitions (its page that module's README.md), package
     * guardrails.defenderdefinitions and DefenderDefinitions* in template.yaml: one name, nothing to translate.
     */
    @Test
    void eachGuardrailGoesByOneName() {
        for (Guardrail guardrail : Guardrail.all()) {
            String name = guardrail.name();
            String packageName = "guardrails." + name.replace("-", "");
            assertEquals(packageName, guardrail.getClass().getPackageName(), guardrail.key());
            assertTrue(TEMPLATE.function(guardrail.logicalId()).handlerClass().startsWith(packageName + "."),
                    guardrail.key() + ": its handler is in its package");
            assertTrue(java.nio.file.Files.isDirectory(FunctionJar.root().resolve("functions").resolve(name)),
                    guardrail.key() + ": functions/" + name);
            assertTrue(java.nio.file.Files.isRegularFile(FunctionJar.root().resolve("functions").resolve(name)
                    .resolve("README.md")), guardrail.key() + ": its page, functions/" + name + "/README.md");
            java.util.Map.of("FailedEvents", "AWS::SQS::Queue", "FailingAlarm", "AWS::CloudWatch::Alarm",
                    "UnusableEventsAlarm", "AWS::CloudWatch::Alarm", "LogGroup", "AWS::Logs::LogGroup").forEach(
                    (suffix, type) -> assertTrue(TEMPLATE.resources(type).containsKey(guardrail.resourcePrefix()
                            + suffix), guardrail.key() + ": template.yaml has " + guardrail.resourcePrefix() + suffix));
        }
    }

    /**
     * The template's few lists of every guardrail hold each one: the failed-events alarm sums its queue, Security
     * Hub's import policy is on its role, and the output lists its queue (a new guardrail's block must add all three).
     */
    @Test
    void theTemplatesListsOfEveryGuardrailHoldEachOne() {
        JsonNode alarm = TEMPLATE.resources("AWS::CloudWatch::Alarm").get("FailedEventsAlarm");
        String expression = alarm.path("Metrics").get(0).path("Expression").asText();
        JsonNode roles = TEMPLATE.resources("AWS::IAM::Policy").get("SecurityHubFindingsPolicy").path("Roles");
        String queues = TEMPLATE.document().path("Outputs").path("FailedEventsQueues").path("Value").toString();
        for (Guardrail guardrail : Guardrail.all()) {
            String queue = guardrail.resourcePrefix() + "FailedEvents";
            JsonNode metric = null;
            for (JsonNode m : alarm.path("Metrics")) {
                if (m.path("MetricStat").toString().contains("\"" + queue + ".QueueName\"")) {
                    metric = m;
                }
            }
            assertTrue(metric != null, guardrail.key() + ": FailedEventsAlarm watches " + queue);
            assertTrue(expression.contains("FILL(" + metric.path("Id").asText() + ", 0)"),
                    guardrail.key() + ": its queue counts in " + expression);
            assertTrue(alarm.path("AlarmDescription").toString().contains(queue), guardrail.key()
                    + ": the alarm names its queue");
            assertTrue(roles.toString().contains("\"" + guardrail.resourcePrefix() + "FunctionRole\""),
                    guardrail.key() + ": Security Hub's import policy is on its role: " + roles);
            assertTrue(queues.contains("\"" + queue + "\""), guardrail.key() + ": FailedEventsQueues lists it");
        }
    }
}
