package guardrails.directorytrust;

import guardrails.local.CloudTrailEvents;
import guardrails.local.DemoStory;
import guardrails.local.FieldKit;
import guardrails.local.FieldScenario;
import java.util.List;
import java.util.Map;

/**
 * G2's field kit (see {@link FieldKit}): its case in the field scenario, what each sample it takes produces, its
 * chapter of the demo, and the accounts the bench sweeps.
 */
public final class DirectoryTrustFieldKit extends FieldKit {

    /** The seeded one-way trust, as its CreateTrust call reports it (F1). */
    @Override
    public String arrange(FieldScenario s) {
        return CloudTrailEvents.trustCall("aws.ds-CreateTrust.json", s.directoryId, s.trustId);
    }

    @Override
    public List<String> expectedRules() {
        return List.of("TRUST_NOT_TWO_WAY");
    }

    /** The one-way trust found by the sweep, alerted once, then recovered once the operator recreates it Two-Way. */
    @Override
    public void tell(DemoStory story) {
        FieldScenario scenario = story.scenario();
        story.step("The hourly trust sweep (G2): the trust to " + FieldScenario.TRUSTED_DOMAIN + " is one-way");
        story.run(function(), CloudTrailEvents.schedule(), "no finding (UNEXPECTED: the trust is one-way)");

        story.step("The sweep an hour later: the trust is still one-way");
        story.run(function(), CloudTrailEvents.schedule(),
                "still one-way, as already reported: no alert (a problem is alerted again only when it changes)");

        story.step("The operator applies the fix: delete the trust on both sides, create it Two-Way; it reaches"
                + " Verified");
        scenario.recreateTrust("Two-Way");
        scenario.trustStateBecomes("Verified");
        story.run(function(), CloudTrailEvents.schedule(), "no finding (UNEXPECTED)");
    }

    @Override
    public Map<String, List<String>> samples() {
        return Map.of(
                "aws.ds-CreateTrust.json", List.of("TRUST_NOT_TWO_WAY"),
                "aws.ds-UpdateTrust.json", List.of("TRUST_NOT_TWO_WAY"),
                // No sweep has yet recorded the trust's domain (SampleEventsTest deletes it after one, too).
                "aws.ds-DeleteTrust.json", List.of("TRUST_DELETED_DOMAIN_UNKNOWN"),
                "aws.events-ScheduledEvent.json", List.of("TRUST_NOT_TWO_WAY"));
    }

    @Override
    public List<SweepAccount> accounts() {
        // moto enforces the default quota of 20 Microsoft AD directories per Region, as AWS does.
        int directories = 20;
        return List.of(new SweepAccount("1 directory, 1 trust", s -> { }),
                new SweepAccount(directories + " directories, 1 trust each", s -> {
                    for (int i = 1; i < directories; i++) {
                        s.addDirectoryWithTrust(i, "Two-Way");
                    }
                }));
    }
}
