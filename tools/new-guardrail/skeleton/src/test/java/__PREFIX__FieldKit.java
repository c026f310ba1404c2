package guardrails.__PACKAGE__;

import guardrails.local.CloudTrailEvents;
import guardrails.local.DemoStory;
import guardrails.local.FieldKit;
import guardrails.local.FieldScenario;
import java.util.List;
import java.util.Map;

/**
 * __NUMBER__'s field kit (see {@link FieldKit}): its case in the field scenario, what each sample it takes produces, its
 * chapter of the demo. The skeleton's case finds nothing (the seeded directory is registered): give the real rule a
 * case that breaks it, the alerts it must produce, and a sample of each call it reacts to.
 */
public final class __PREFIX__FieldKit extends FieldKit {

    /** The seeded account as it is: its directory registered. */
    @Override
    public String arrange(FieldScenario s) {
        return CloudTrailEvents.schedule();
    }

    @Override
    public List<String> expectedRules() {
        return List.of();
    }

    @Override
    public void tell(DemoStory story) {
        story.step("The daily directory sweep (__NUMBER__): is every WorkSpaces directory registered?");
        story.run(function(), CloudTrailEvents.schedule(), "every directory is registered: no finding");
    }

    @Override
    public Map<String, List<String>> samples() {
        return Map.of("aws.events-ScheduledEvent.json", List.of());
    }
}
