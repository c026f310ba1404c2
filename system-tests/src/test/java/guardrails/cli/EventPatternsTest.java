package guardrails.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import guardrails.local.FieldKit;
import guardrails.local.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.Machine;

/**
 * Every EventBridge rule of template.yaml, run by AWS's own matcher (event-ruler) against every file in events/: a
 * sample of a call matches exactly one rule of each function whose field kit names it ({@link FieldKit#samples()}),
 * and no other; the schedule's sample, which EventBridge hands to the functions directly, and the failed call's
 * sample match none (a failed call: every rule asks for a successful one). SampleEventsTest then invokes each
 * function on each sample it takes.
 */
class EventPatternsTest {

    @Test
    void eachSampleMatchesARuleOfExactlyTheFunctionsWhoseKitsNameIt() throws Exception {
        Template template = Template.load();
        Machine machine = Machine.builder().build();
        int rules = 0;
        for (String id : template.functionIds()) {
            for (var pattern : template.function(id).eventPatterns().entrySet()) {
                machine.addRule(id + "/" + pattern.getKey(), pattern.getValue().toString());
                rules++;
            }
        }
        assertFalse(rules == 0, "template.yaml declares no EventBridge rule");

        for (Path sample : SampleEventsTest.samples().toList()) {
            String name = sample.getFileName().toString();
            Set<String> functions = new TreeSet<>();
            String event = Files.readString(sample);
            for (String rule : machine.rulesForJSONEvent(event)) {
                assertTrue(functions.add(rule.substring(0, rule.indexOf('/'))), name + ": two rules of one function");
            }
            Set<String> expected = SampleEventsTest.isSchedule(event) ? Set.of()
                    : new TreeSet<>(SampleEventsTest.EXPECTED.getOrDefault(name, Map.of()).keySet());
            assertEquals(expected, functions, name + ": the functions whose rules take it, as their field kits say");
        }
    }
}
