package guardrails.defenderdefinitions;

import guardrails.local.CloudTrailEvents;
import guardrails.local.DefenderFleet;
import guardrails.local.DemoStory;
import guardrails.local.FieldKit;
import guardrails.local.FieldScenario;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/**
 * G4's field kit (see {@link FieldKit}): its case in the field scenario, what each sample it takes produces, its
 * chapter of the demo, and the accounts the bench sweeps.
 */
public final class DefenderDefinitionsFieldKit extends FieldKit {

    /** A Windows WorkSpace in the closed network whose definitions are 400 days old (F7). */
    @Override
    public String arrange(FieldScenario s) {
        String workspace = s.createWorkspace("user-stuck", FieldScenario.WINDOWS_BUNDLE).pendingRequests().get(0)
                .workspaceId();
        DefenderFleet.serve(s.aws()).reportFor(workspace, 400, 1);
        return CloudTrailEvents.schedule();
    }

    @Override
    public List<String> expectedRules() {
        return List.of("DEFENDER_OUT_OF_DATE");
    }

    @Override
    public Optional<String> fixedRule() {
        return Optional.of("DEFENDER_OUT_OF_DATE");
    }

    @Override
    public Set<String> actingCalls() {
        return Set.of("AmazonSSM.SendCommand", "AmazonSSM.DeregisterManagedInstance");
    }

    /** A Windows WorkSpace of the closed network with 400-day-old definitions: alerted, updated from a file share. */
    @Override
    public void tell(DemoStory story) {
        FieldScenario scenario = story.scenario();
        story.step("The closed network: a Windows WorkSpace's Defender definitions never update (G4, hourly)");
        String windowsId = scenario.aws().client(WorkSpacesClient.builder()).describeWorkspaces(r -> { })
                .workspaces().stream().filter(w -> FieldScenario.WINDOWS_BUNDLE.equals(w.bundleId())).findFirst()
                .map(w -> w.workspaceId()).orElseGet(() -> scenario.createWorkspace("user-stuck",
                        FieldScenario.WINDOWS_BUNDLE).pendingRequests().get(0).workspaceId());
        DefenderFleet.serve(scenario.aws()).reportFor(windowsId, 400, 2);
        story.say(windowsId + " reports definitions 400 days old; updates come from a file share in this network"
                + " (DEFENDER_UPDATE_SOURCE=FileShares).");
        story.outcome(story.invoke(function(), CloudTrailEvents.schedule(), Map.of(
                "DEFENDER_UPDATE_SOURCE", "FileShares",
                "DEFENDER_FILE_SHARE_PATH", "\\\\fs01.managed.example.net\\defender")), "no finding (UNEXPECTED)");
        story.alerts();
        scenario.aws().client(SsmClient.builder()).listCommands(r -> { }).commands().forEach(c -> story.say(
                "Run Command " + c.commandId() + " on " + c.instanceIds() + ": " + c.documentName() + " "
                        + c.parameters()));
    }

    @Override
    public Map<String, List<String>> samples() {
        return Map.of(
                "aws.workspaces-TerminateWorkspaces.json", List.of("NODE_OF_TERMINATED_WORKSPACE"),
                "aws.events-ScheduledEvent.json", List.of("DEFENDER_OUT_OF_DATE"));
    }

    @Override
    public List<SweepAccount> accounts() {
        int nodes = 5_000;
        return List.of(new SweepAccount("2 managed nodes", s -> fleet(s, 2)),
                new SweepAccount(nodes + " managed nodes", s -> fleet(s, nodes)));
    }

    /** Managed nodes whose Defender definitions are a day old: healthy, so the sweep is pure reading. */
    private static void fleet(FieldScenario scenario, int count) {
        DefenderFleet fleet = DefenderFleet.serve(scenario.aws());
        for (int i = 0; i < count; i++) {
            fleet.add(new DefenderFleet.Node("mi-0" + String.format("%016d", i), "HOST-" + i, "10.2." + (i / 250) + "."
                    + (i % 250), 1, true, Instant.now()));
        }
    }
}
