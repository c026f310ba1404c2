package guardrails.workspacecreation;

import guardrails.shared.lambda.EventEnvelope;
import guardrails.shared.reporting.AlertChannel;
import guardrails.shared.reporting.Exemption;
import guardrails.shared.reporting.Finding;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.Proposal;
import guardrails.shared.reporting.Remediation;
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
 * G1's pipeline: a CreateWorkspaces event -> facts (re-read through the gateway, batched) -> rules -> actions
 * and findings. The decisions live in {@link WorkspaceCreationRules}; this class only gathers and hands over.
 * The subnets' room after the creation is G3's: it reacts to the same event.
 */
public final class WorkspaceCreationGuard {

    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceCreationGuard.class);

    private final WorkspaceCreationGateway aws;
    private final FindingReporter reporter;

    /** How long after a call its WorkSpaces may still be invisible to DescribeWorkspaces (eventual consistency). */
    static final Duration VISIBILITY_DELAY = Duration.ofMinutes(10);

    private final Clock clock;

    public WorkspaceCreationGuard(WorkspaceCreationGateway aws, FindingReporter reporter, Clock clock) {
        this.aws = aws;
        this.reporter = reporter;
        this.clock = clock;
    }

    public FindingReporter.Report handle(EventEnvelope envelope) {
        WorkspaceCreationEvent event = WorkspaceCreationEvent.from(envelope);
        reporter.settleMode();
        Set<String> visible = new HashSet<>();
        List<Workspace> gone = new ArrayList<>();
        CreationFacts facts = gather(event, visible, gone);

        List<Proposal> proposals = new ArrayList<>();
        for (Workspace ws : gone) {
            // Gone may mean terminated by this guardrail on an attempt whose alert never went out: say so.
            var ours = reporter.earlierAction(event.call().eventId(), WorkspaceCreationRules.TERMINATING_RULE,
                    ws.workspaceId());
            proposals.add(Proposal.alertOnly(WorkspaceCreationRules.workspaceGone(ws, event.call().eventTime(),
                    ours.map(claim -> claim.earlierAction() + " (at " + claim.earlierActionAt() + ")").orElse(null))));
        }
        for (Verdict verdict : WorkspaceCreationRules.evaluate(facts)) {
            if (!isExempt(verdict.finding(), visible)) {
                proposals.add(toProposal(verdict));
            }
        }

        var context = new AlertChannel.AlertContext(event.call().account(), event.call().region(),
                event.call().eventId());
        return reporter.report(proposals, context);
    }

    /**
     * The audit's sweep: every WorkSpace that exists today judged as if its CreateWorkspaces call had just arrived,
     * so a trusted-domain user's Linux WorkSpace made before the guardrails were deployed is found without an event.
     * Run with a reporter in ALERT mode, it changes nothing (the report says what REMEDIATE would do).
     */
    public FindingReporter.Report audit(AlertChannel.AlertContext context) {
        Map<String, Workspace> workspaces = new LinkedHashMap<>();
        aws.allWorkspaces().forEach(ws -> workspaces.put(ws.workspaceId(), ws));
        List<Proposal> proposals = new ArrayList<>();
        for (Verdict verdict : WorkspaceCreationRules.evaluate(facts(workspaces, List.of()))) {
            if (!isExempt(verdict.finding(), workspaces.keySet())) {
                proposals.add(toProposal(verdict));
            }
        }
        return reporter.report(proposals, context);
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
        for (Workspace ws : List.copyOf(workspaces.values())) {
            if (visible.contains(ws.workspaceId())) {
                continue;
            }
            if (!recent) {
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

    /**
     * Tags are read only for WorkSpaces that still exist: one that is gone (terminated by an earlier delivery of
     * this event) or not visible yet has no tags to read, and its finding's claim decides what happens.
     */
    private boolean isExempt(Finding finding, Set<String> visible) {
        if (!visible.contains(finding.resourceId())) {
            return false;
        }
        boolean exempt = Exemption.isExempt(aws.workspaceTags(finding.resourceId()));
        if (exempt) {
            LOG.info("finding skipped: resource is exempt", entry("rule", finding.rule()),
                    entry("resourceId", finding.resourceId()), entry("tag", Exemption.TAG_KEY));
        }
        return exempt;
    }

    private Proposal toProposal(Verdict verdict) {
        String workspaceId = verdict.terminateWorkspaceId();
        if (WorkspaceCreationRules.TRUST_RULES.contains(verdict.finding().rule())) {
            // Once per trust and state, not per CreateWorkspaces call: the trust is the news, G2 tracks it, and
            // later calls' WorkSpaces show in the audit. The title carries the trust's direction or state.
            return Proposal.onChange(verdict.finding(), verdict.finding().resourceId() + "|"
                    + verdict.finding().title());
        }
        if (workspaceId == null) {
            return Proposal.alertOnly(verdict.finding());
        }
        return new Proposal(verdict.finding(),
                new Remediation("terminate " + workspaceId, () -> aws.terminate(workspaceId)));
    }

    /** A WorkSpace the event names but neither CloudTrail nor DescribeWorkspaces describes yet: retry later. */
    public static final class NotYetVisible extends RuntimeException {
        NotYetVisible(String workspaceId) {
            super(workspaceId + " is not visible through DescribeWorkspaces yet and the event's copy is redacted;"
                    + " failing so that Lambda retries");
        }
    }
}
