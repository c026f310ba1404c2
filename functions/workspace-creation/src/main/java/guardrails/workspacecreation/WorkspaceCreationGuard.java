package guardrails.workspacecreation;

import guardrails.shared.channels.AlertChannel;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.findings.Exemption;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Proposal;
import guardrails.shared.findings.Remediation;
import guardrails.shared.lifecycle.Examined;
import guardrails.shared.lifecycle.Problem;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.Tracker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * G1's pipeline: a CreateWorkspaces event, or every WorkSpace on the schedule -> facts (re-read through the gateway,
 * batched) -> rules -> the finding lifecycle for each WorkSpace's problems (alerted once, terminated in REMEDIATE mode
 * whether found now or in an ALERT period), once per trust state for the trust's. The decisions live in
 * {@link WorkspaceCreationRules}; this class only gathers and hands over.
 * The subnets' room after the creation is G3's: it reacts to the same event.
 */
public final class WorkspaceCreationGuard {

    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceCreationGuard.class);

    private final WorkspaceCreationGateway aws;
    private final FindingReporter reporter;
    private final Tracker tracker;

    /** How long after a call its WorkSpaces may still be invisible to DescribeWorkspaces (eventual consistency). */
    static final Duration VISIBILITY_DELAY = Duration.ofMinutes(10);

    private final Clock clock;

    public WorkspaceCreationGuard(WorkspaceCreationGateway aws, FindingReporter reporter, Tracker tracker,
                                  Clock clock) {
        this.aws = aws;
        this.reporter = reporter;
        this.tracker = tracker;
        this.clock = clock;
    }

    /** A CreateWorkspaces call, or the schedule: every WorkSpace that exists, judged the same way. */
    public FindingReporter.Report handle(EventEnvelope envelope) {
        if (envelope.isSchedule()) {
            reporter.settleMode();
            return sweep(new AlertChannel.AlertContext(envelope.account(), envelope.region(), envelope.id()));
        }
        WorkspaceCreationEvent event = WorkspaceCreationEvent.from(envelope);
        reporter.settleMode();
        Set<String> visible = new HashSet<>();
        List<Workspace> gone = new ArrayList<>();
        CreationFacts facts = gather(event, visible, gone);
        var context = new AlertChannel.AlertContext(event.call().account(), event.call().region(),
                event.call().eventId());

        List<Proposal> proposals = new ArrayList<>();
        List<Examined> examined = new ArrayList<>();
        Set<String> tracked = gone.isEmpty() ? Set.of()
                : tracker.recorded(gone.stream().map(Workspace::workspaceId).toList());
        for (Workspace ws : gone) {
            Finding goneFinding = WorkspaceCreationRules.workspaceGone(ws, event.call().eventTime(), null);
            if (tracked.contains(ws.workspaceId())) {
                // Known to the lifecycle (judged on an earlier delivery, maybe terminated by it): its record says
                // what was done and still holds any message not yet delivered.
                examined.add(new Examined(ws.workspaceId(), false, List.of(), closed -> Optional.of(goneFinding)));
            } else {
                proposals.add(Proposal.alertOnly(goneFinding));
            }
        }
        judge(facts, visible, examined, proposals);
        return merged(tracker.track(examined, context), reporter.report(proposals, context));
    }

    /**
     * Every WorkSpace that exists today judged as if its CreateWorkspaces call had just arrived: on the schedule, so a
     * problem found in ALERT mode is fixed once the mode is REMEDIATE, and by the read-only audit (a reporter in ALERT
     * mode and a lifecycle that remembers nothing: it changes nothing, and says what REMEDIATE would do).
     */
    public FindingReporter.Report sweep(AlertChannel.AlertContext context) {
        Map<String, Workspace> workspaces = new LinkedHashMap<>();
        aws.allWorkspaces().forEach(ws -> workspaces.put(ws.workspaceId(), ws));
        List<Proposal> proposals = new ArrayList<>();
        List<Examined> examined = new ArrayList<>();
        judge(facts(workspaces, List.of()), workspaces.keySet(), examined, proposals);
        return merged(tracker.track(examined, context), reporter.report(proposals, context));
    }

    /**
     * The rules' verdicts, split: what is wrong with a WorkSpace goes through the finding lifecycle (once per
     * WorkSpace and state, terminated in REMEDIATE mode, known or new); what is about a trust goes out once per trust
     * state; a failed request once per call.
     */
    private void judge(CreationFacts facts, Set<String> visible, List<Examined> examined, List<Proposal> proposals) {
        Map<String, List<Problem>> byWorkspace = new LinkedHashMap<>();
        facts.workspaces().forEach(ws -> byWorkspace.put(ws.workspaceId(), new ArrayList<>()));
        for (Verdict verdict : WorkspaceCreationRules.evaluate(facts)) {
            Finding finding = verdict.finding();
            List<Problem> problems = byWorkspace.get(finding.resourceId());
            if (problems != null) {
                problems.add(toProblem(verdict));
            } else {
                proposals.add(toProposal(verdict));
            }
        }
        byWorkspace.forEach((workspaceId, problems) -> {
            boolean exempt = !problems.isEmpty() && visible.contains(workspaceId)
                    && Exemption.isExempt(aws.workspaceTags(workspaceId));
            examined.add(new Examined(workspaceId, exempt, problems, closed -> Optional.empty()));
        });
    }

    private static FindingReporter.Report merged(FindingReporter.Report tracked, FindingReporter.Report reported) {
        List<Finding> published = new ArrayList<>(tracked.published());
        published.addAll(reported.published());
        List<String> already = new ArrayList<>(tracked.alreadyReported());
        already.addAll(reported.alreadyReported());
        return new FindingReporter.Report(published, already);
    }

    /**
     * Gathers the facts; {@code visible} receives the ids DescribeWorkspaces still lists, {@code gone} the WorkSpaces
     * of an old call that it no longer lists.
     */
    private CreationFacts gather(WorkspaceCreationEvent event, Set<String> visible, List<Workspace> gone) {
        Map<String, Workspace> workspaces = new LinkedHashMap<>();
        event.pending().forEach(ws -> workspaces.put(ws.workspaceId(), ws));
        // DescribeWorkspaces is the truth; CloudTrail's copy may be redacted. Right after creation a WorkSpace may
        // not be visible yet: then the event's own fields are used, and if those are redacted the call fails so
        // Lambda retries it a minute later.
        aws.describeWorkspaces(workspaces.keySet()).forEach(ws -> {
            workspaces.put(ws.workspaceId(), ws);
            visible.add(ws.workspaceId());
        });
        // Lambda retries only while the call is recent. Later (a replay from the failed-events queue), a WorkSpace
        // nobody describes is gone: it is reported as such, never judged on the event's own fields.
        boolean recent = event.call().eventTime() != null
                && event.call().eventTime().plus(VISIBILITY_DELAY).isAfter(clock.instant());
        List<String> invisible = workspaces.keySet().stream().filter(id -> !visible.contains(id)).toList();
        // One the lifecycle has a record of was seen before: not "not yet visible" but gone (terminated, maybe by an
        // earlier delivery of this very event), whatever the call's age.
        Set<String> seenBefore = invisible.isEmpty() ? Set.of() : tracker.recorded(invisible);
        for (Workspace ws : List.copyOf(workspaces.values())) {
            if (visible.contains(ws.workspaceId())) {
                continue;
            }
            if (!recent || seenBefore.contains(ws.workspaceId())) {
                gone.add(ws);
                workspaces.remove(ws.workspaceId());
            } else if (ws.directoryId() == null || ws.userName() == null || ws.bundleId() == null) {
                throw new NotYetVisible(ws.workspaceId());
            }
        }
        return facts(workspaces, event.failed());
    }

    /** The facts the rules need about these WorkSpaces (all visible now) and the failed requests of a call. */
    private CreationFacts facts(Map<String, Workspace> workspaces, List<FailedRequest> failed) {
        List<String> directoryIds = new ArrayList<>();
        workspaces.values().forEach(ws -> directoryIds.add(ws.directoryId()));
        failed.stream().map(FailedRequest::directoryId).filter(id -> id != null && id.matches("d-[0-9a-f]{10}"))
                .forEach(directoryIds::add);
        Map<String, Directory> directories = directoryIds.isEmpty() ? Map.of() : aws.describeDirectories(directoryIds);

        Map<String, Bundle> bundles = workspaces.isEmpty() ? Map.of()
                : aws.describeBundles(workspaces.values().stream().map(Workspace::bundleId).toList());
        Map<String, Platform> platforms = new HashMap<>();
        Map<String, UserOrigin> origins = new HashMap<>();
        IdentityLookups lookups = new IdentityLookups();
        for (Workspace ws : workspaces.values()) {
            Platform platform = ws.platformFromProperties() != Platform.UNKNOWN ? ws.platformFromProperties()
                    : Optional.ofNullable(bundles.get(ws.bundleId())).map(Bundle::platform).orElse(Platform.UNKNOWN);
            platforms.put(ws.workspaceId(), platform);
            Directory directory = directories.get(ws.directoryId());
            if (directory == null) {
                // Not silent: not registered with WorkSpaces (any more), so there is nothing to judge it against.
                LOG.info("directory not found: WorkSpace not checked", entry("workspaceId", ws.workspaceId()),
                        entry("directoryId", ws.directoryId()));
                continue;
            }
            origins.put(ws.workspaceId(), WorkspaceCreationRules.originFromName(ws.userName(), directory)
                    .orElseGet(() -> lookUp(ws, platform, directory, lookups)));
        }
        CreationFacts withoutBundles = new CreationFacts(List.copyOf(workspaces.values()), directories, platforms,
                origins, List.of(), failed);
        List<Bundle> windowsBundles = WorkspaceCreationRules.needsWindowsBundles(withoutBundles)
                ? aws.windowsBundles() : List.of();
        return new CreationFacts(withoutBundles.workspaces(), directories, platforms, origins, windowsBundles,
                failed);
    }

    private UserOrigin lookUp(Workspace ws, Platform platform, Directory directory, IdentityLookups lookups) {
        if (!WorkspaceCreationRules.needsIdentityLookup(platform, directory)) {
            return directory.trusts().isEmpty()
                    ? UserOrigin.directory("the directory " + directory.directoryId() + " trusts no other domain")
                    : UserOrigin.notChecked("a Windows WorkSpace works for users of any domain the directory trusts"
                    + " two-way, so a bare user name is not looked up");
        }
        if (!WorkspaceCreationRules.isSamAccountName(ws.userName())) {
            return WorkspaceCreationRules.unaskableName(ws.userName());
        }
        return WorkspaceCreationRules.originFromLookup(ws.userName(), directory,
                lookups.lookUp(directory, ws.userName()));
    }

    /** One look-up per directory and user in an event, and none more in a directory whose Data API proved off. */
    private final class IdentityLookups {
        private final Map<String, UserLookup> answers = new HashMap<>();
        private final Set<String> dataApiOff = new HashSet<>();

        UserLookup lookUp(Directory directory, String userName) {
            if (dataApiOff.contains(directory.directoryId())) {
                return new UserLookup(new UserLookup.DataApiDisabled(), Map.of());
            }
            UserLookup answer = answers.computeIfAbsent(directory.directoryId() + "|" + userName,
                    key -> aws.lookupUser(directory, userName));
            if (answer.answers().anyMatch(UserLookup.DataApiDisabled.class::isInstance)) {
                dataApiOff.add(directory.directoryId());
            }
            return answer;
        }
    }

    /** A WorkSpace's problem: the same rule and severity is the same problem; terminating is its fix. */
    private Problem toProblem(Verdict verdict) {
        String workspaceId = verdict.terminateWorkspaceId();
        Remediation fix = workspaceId == null ? null
                : new Remediation("terminate " + workspaceId, () -> aws.terminate(workspaceId))
                        .titled(verdict.afterTermination().title())
                        .then(verdict.afterTermination().whatIsLeft(),
                                verdict.afterTermination().commands().toArray(String[]::new));
        return new Problem(verdict.finding(), verdict.finding().severity().name(), fix);
    }

    private Proposal toProposal(Verdict verdict) {
        if (WorkspaceCreationRules.TRUST_RULES.contains(verdict.finding().rule())) {
            // Once per trust and state, not per CreateWorkspaces call: the trust is the news, G2 tracks it, and
            // later calls' WorkSpaces show in the audit. The title carries the trust's direction or state.
            return Proposal.onChange(verdict.finding(), verdict.finding().resourceId() + "|"
                    + verdict.finding().title());
        }
        return Proposal.alertOnly(verdict.finding());
    }

    /** A WorkSpace the event names but neither CloudTrail nor DescribeWorkspaces describes yet: retry later. */
    public static final class NotYetVisible extends RuntimeException {
        NotYetVisible(String workspaceId) {
            super(workspaceId + " is not visible through DescribeWorkspaces yet and the event's copy is redacted;"
                    + " failing so that Lambda retries");
        }
    }
}
