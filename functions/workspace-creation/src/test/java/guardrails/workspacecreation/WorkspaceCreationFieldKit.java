package guardrails.workspacecreation;

import guardrails.local.CloudTrailEvents;
import guardrails.local.DemoStory;
import guardrails.local.FieldKit;
import guardrails.local.FieldScenario;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.CreateWorkspacesResponse;

/**
 * G1's field kit (see {@link FieldKit}): its case in the field scenario, what each sample it takes produces, its
 * chapter of the demo.
 */
public final class WorkspaceCreationFieldKit extends FieldKit {

    /** A trusted-domain user's WorkSpace on a Linux bundle, while the trust is one-way (F1, F2). */
    @Override
    public String arrange(FieldScenario s) {
        return CloudTrailEvents.createWorkspaces("aws.workspaces-CreateWorkspaces-trusted-user-linux.json",
                s.directoryId, FieldScenario.TRUSTED_USER, FieldScenario.LINUX_BUNDLE,
                s.createWorkspace(FieldScenario.TRUSTED_USER, FieldScenario.LINUX_BUNDLE));
    }

    @Override
    public List<String> expectedRules() {
        return List.of("TRUSTED_USER_ON_NON_WINDOWS_BUNDLE", "USERS_ON_ONE_WAY_TRUST");
    }

    @Override
    public Optional<String> fixedRule() {
        return Optional.of("TRUSTED_USER_ON_NON_WINDOWS_BUNDLE");
    }

    @Override
    public Set<String> actingCalls() {
        return Set.of("WorkspacesService.TerminateWorkspaces");
    }

    /** A trusted-domain user's Linux WorkSpace is terminated (once, however often the event comes); Windows is kept. */
    @Override
    public void tell(DemoStory story) {
        FieldScenario scenario = story.scenario();
        WorkSpacesClient workspaces = scenario.aws().client(WorkSpacesClient.builder());
        story.step("CreateWorkspaces: " + FieldScenario.TRUSTED_USER + " on 'Value with Amazon Linux 2' ("
                + FieldScenario.LINUX_BUNDLE + ")");
        CreateWorkspacesResponse created = scenario.createWorkspace(FieldScenario.TRUSTED_USER,
                FieldScenario.LINUX_BUNDLE);
        String workspaceId = created.pendingRequests().get(0).workspaceId();
        String event = CloudTrailEvents.createWorkspaces("aws.workspaces-CreateWorkspaces-trusted-user-linux.json",
                scenario.directoryId, FieldScenario.TRUSTED_USER, FieldScenario.LINUX_BUNDLE, created);
        story.say(workspaceId + " created; EventBridge delivers the CloudTrail record to " + function() + " (G1).");
        story.run(function(), event, "no finding (UNEXPECTED)");
        boolean gone = workspaces.describeWorkspaces(r -> r.workspaceIds(workspaceId)).workspaces().isEmpty();
        story.say("The emulator now shows " + workspaceId + ": "
                + (gone ? "terminated (DescribeWorkspaces no longer lists it)." : "STILL THERE (UNEXPECTED)"));

        story.step("EventBridge delivers the same event again (delivery is at least once)");
        story.outcome(story.invoke(function(), event), "nothing new");
        int repeats = story.alerts();
        story.say("Alerts this time: " + repeats + (repeats == 0
                ? " (each finding is published once per event and resource)." : " (UNEXPECTED)"));

        String qualifiedUser = "ONPREM\\" + FieldScenario.TRUSTED_USER;
        story.step("CreateWorkspaces: the same user, named " + qualifiedUser + ", on 'Standard with Windows 10' ("
                + FieldScenario.WINDOWS_BUNDLE + ")");
        CreateWorkspacesResponse windows = scenario.createWorkspace(qualifiedUser, FieldScenario.WINDOWS_BUNDLE);
        story.run(function(), CloudTrailEvents.createWorkspaces(
                "aws.workspaces-CreateWorkspaces-trusted-user-windows.json", scenario.directoryId, qualifiedUser,
                FieldScenario.WINDOWS_BUNDLE, windows), "no finding");
        String windowsId = windows.pendingRequests().get(0).workspaceId();
        boolean kept = !workspaces.describeWorkspaces(r -> r.workspaceIds(windowsId)).workspaces().isEmpty();
        story.say(windowsId + " is " + (kept ? "kept: Windows works for trusted-domain users; only the trust needs"
                + " fixing." : "GONE (UNEXPECTED)"));
    }

    @Override
    public Map<String, List<String>> samples() {
        return Map.of(
                "aws.workspaces-CreateWorkspaces-trusted-user-linux.json",
                List.of("TRUSTED_USER_ON_NON_WINDOWS_BUNDLE", "USERS_ON_ONE_WAY_TRUST"),
                "aws.workspaces-CreateWorkspaces-trusted-user-windows.json", List.of("USERS_ON_ONE_WAY_TRUST"),
                "aws.workspaces-CreateWorkspaces-directory-user.json", List.of(),
                "aws.workspaces-CreateWorkspaces-partly-failed.json",
                List.of("CREATE_REQUEST_FAILED", "TRUSTED_USER_ON_NON_WINDOWS_BUNDLE", "USERS_ON_ONE_WAY_TRUST"),
                "aws.workspaces-CreateWorkspaces-malformed.json", IGNORED,
                // The seeded account's two Linux WorkSpaces of trusted-domain users, on the one-way trust.
                "aws.events-ScheduledEvent.json", List.of("TRUSTED_USER_ON_NON_WINDOWS_BUNDLE",
                        "TRUSTED_USER_ON_NON_WINDOWS_BUNDLE", "USERS_ON_ONE_WAY_TRUST"));
    }
}
