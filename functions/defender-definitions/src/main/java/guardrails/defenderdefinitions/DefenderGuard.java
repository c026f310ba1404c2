package guardrails.defenderdefinitions;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import guardrails.shared.channels.AlertChannel;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Proposal;
import guardrails.shared.findings.Remediation;
import guardrails.shared.lifecycle.Examined;
import guardrails.shared.lifecycle.Problem;
import guardrails.shared.lifecycle.RememberedStates;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.Tracker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * G4's pipeline, on a schedule: every node's Custom:DefenderStatus -> {@link DefenderRules} -> the finding lifecycle,
 * which alerts once per level and in REMEDIATE mode starts an Update-MpSignature from the configured source, a few
 * per run; on TerminateWorkspaces, the WorkSpace's hybrid node deregistered.
 */
public final class DefenderGuard {

    private static final Logger LOG = LoggerFactory.getLogger(DefenderGuard.class);

    private final DefenderGateway aws;
    private final FindingReporter reporter;
    private final RememberedStates states;
    private final Tracker tracker;
    private final DefenderPolicy policy;
    private final Clock clock;

    public DefenderGuard(DefenderGateway aws, FindingReporter reporter, RememberedStates states, Tracker tracker,
                         DefenderPolicy policy, Clock clock) {
        this.aws = aws;
        this.reporter = reporter;
        this.states = states;
        this.tracker = tracker;
        this.policy = policy;
        this.clock = clock;
    }

    public FindingReporter.Report handle(EventEnvelope envelope) {
        if (!envelope.isSchedule()) {
            TerminatedWorkspaces terminated = TerminatedWorkspaces.from(envelope);
            reporter.settleMode();
            return forgetNodesOf(terminated);
        }
        reporter.settleMode();
        return sweep(envelope.schedule());
    }

    /**
     * A terminated WorkSpace's hybrid managed node would keep counting toward the standard tier's 1,000 nodes and
     * look like a node that stopped reporting: deregister it (REMEDIATE) or say so (ALERT). Its node is the one the
     * sweeps matched to it, remembered, since a terminated WorkSpace no longer shows its computer name or address.
     */
    private FindingReporter.Report forgetNodesOf(TerminatedWorkspaces terminated) {
        Map<String, String> nodes = states.lastStates(terminated.workspaceIds().stream().map(DefenderGuard::nodeOf)
                .toList());
        // Act on what is, not on what the event says: a call can fail for some WorkSpaces, or name one that is
        // still running (TerminateWorkspaces answers per request, FailedRequests).
        Map<String, String> stillThere = new java.util.HashMap<>();
        List<String> remembered = terminated.workspaceIds().stream().filter(id -> nodes.containsKey(nodeOf(id)))
                .toList();
        if (!remembered.isEmpty()) {
            aws.describeWorkspaces(remembered).stream().filter(ws -> !ws.terminated())
                    .forEach(ws -> stillThere.put(ws.workspaceId(), ws.state()));
        }
        List<Proposal> proposals = new ArrayList<>();
        for (String workspaceId : terminated.workspaceIds()) {
            String nodeId = nodes.get(nodeOf(workspaceId));
            if (stillThere.containsKey(workspaceId)) {
                LOG.info("WorkSpace not terminated: its node is kept", entry("workspaceId", workspaceId),
                        entry("state", stillThere.get(workspaceId)), entry("nodeId", nodeId));
                continue;
            }
            if (nodeId != null && DefenderRules.isHybridNode(nodeId)) {
                proposals.add(new Proposal(DefenderRules.nodeOfTerminatedWorkspace(workspaceId, nodeId),
                        new Remediation("deregister the managed node " + nodeId, () -> aws.deregister(nodeId))));
            } else {
                // Not silent: no sweep ever matched a hybrid node to it (not enrolled, or never reported).
                LOG.info("managed node not found: nothing to deregister", entry("workspaceId", workspaceId),
                        entry("rememberedNode", nodeId == null ? "none" : nodeId));
            }
        }
        var call = terminated.call();
        var context = new AlertChannel.AlertContext(call.account(), call.region(), call.eventId());
        return reporter.report(proposals, context);
    }

    /**
     * The scheduled sweep: every node reporting Defender's status in the account and region, judged by
     * {@link DefenderRules}; the finding lifecycle ({@link Tracker}) decides what to alert and when to start an update.
     */
    public FindingReporter.Report sweep(ScheduledEvent schedule) {
        var context = new AlertChannel.AlertContext(schedule.getAccount(), schedule.getRegion(), schedule.getId());
        return tracker.track(examine(), context);
    }

    /** One examined resource per node, its problem the level it stands at. */
    List<Examined> examine() {
        Instant now = clock.instant();
        List<DefenderStatus> statuses = aws.defenderStatuses();
        List<WorkspaceNode> workspaces = statuses.isEmpty() ? List.of() : aws.workspaces();
        Map<String, String> remembered = states.lastStates(statuses.stream().map(s -> subject(s.nodeId())).toList());
        Map<String, String> bindings = new LinkedHashMap<>();
        // Limits apply to real commands only: in ALERT mode every finding says what REMEDIATE would do.
        int[] updatesLeft = {policy.maxUpdatesPerRun()};
        List<Examined> examined = new ArrayList<>();
        boolean documentChecked = false;
        Optional<String> documentProblem = Optional.empty();
        for (DefenderStatus status : statuses) {
            String subject = subject(status.nodeId());
            Optional<NodeMemory> previous = Optional.ofNullable(remembered.get(subject)).flatMap(NodeMemory::parse);
            // A node whose remembered WorkSpace is no longer listed belongs to a terminated WorkSpace: its silence
            // is expected, not a collection that stopped.
            Optional<WorkspaceNode> workspace = DefenderRules.match(status, workspaces).or(() -> previous
                    .map(NodeMemory::workspaceId).filter(id -> workspaces.stream().noneMatch(w -> w.workspaceId()
                            .equals(id))).map(DefenderRules::terminatedWorkspace));
            if (workspace.map(WorkspaceNode::terminated).orElse(false)) {
                continue; // its definitions protect nothing now; NODE_OF_TERMINATED_WORKSPACE said what to do
            }
            DefenderRules.Assessment assessment = DefenderRules.assess(status, workspace, policy, now);
            List<Problem> open = new ArrayList<>();
            if (assessment.level() != DefenderRules.Level.OK) {
                boolean wantsUpdate = assessment.needsUpdate() && !assessment.off();
                Finding finding = DefenderRules.change(status, workspace, assessment, Optional.empty()).orElseThrow();
                if (wantsUpdate) {
                    finding = finding.withCommands(DefenderRules.sendCommand(status.nodeId(), policy.updateDocument(),
                            policy.documentParameters()));
                }
                if (wantsUpdate && !documentChecked) {
                    documentProblem = checkUpdateDocument(examined);
                    documentChecked = true;
                }
                open.add(new Problem(finding, assessment.level().name(),
                        wantsUpdate ? update(status.nodeId(), updatesLeft, documentProblem) : null));
            }
            // Tracked per node (two nodes can report for one WorkSpace); the finding names the WorkSpace.
            examined.add(new Examined(status.nodeId(), false, open, closed -> DefenderRules.change(status, workspace,
                    assessment, Optional.of(DefenderRules.Level.valueOf(closed.state())))));
            // Which WorkSpace a node is: what TerminateWorkspaces needs later; written only when it changes.
            String workspaceId = workspace.map(WorkspaceNode::workspaceId).orElse(null);
            String state = new NodeMemory(assessment.level(), false, workspaceId).toString();
            if (!state.equals(remembered.get(subject))) {
                bindings.put(subject, state);
                if (workspaceId != null && !workspaceId.equals(previous.map(NodeMemory::workspaceId).orElse(null))) {
                    bindings.put(nodeOf(workspaceId), status.nodeId());
                }
            }
        }
        states.recordStates(bindings);
        return examined;
    }

    /**
     * Before any update: is the account's update document the one deployed? Tracked as a resource of its own, so its
     * alert comes once and a restored document says so.
     */
    private Optional<String> checkUpdateDocument(List<Examined> examined) {
        String document = policy.updateDocument();
        Optional<String> problem = aws.updateDocumentProblem();
        examined.add(new Examined(document, false, problem.map(what -> new Problem(
                DefenderRules.documentNotDeployed(document, what), "NOT_DEPLOYED", null)).stream().toList(),
                closed -> Optional.of(DefenderRules.documentRestored(document))));
        return problem;
    }

    /**
     * Update-MpSignature from the configured source. Its effect shows in the node's next report (the inventory
     * association runs every 12 hours by default), so it is not started again for half the staleness limit.
     */
    private Remediation update(String nodeId, int[] updatesLeft, Optional<String> documentProblem) {
        return new Remediation("run Update-MpSignature from " + policy.describeSource() + " on " + nodeId, () -> {
            if (documentProblem.isPresent()) {
                throw new Remediation.Deferred("None yet: " + documentProblem.get() + ", so nothing was sent (its own"
                        + " alert says how to restore it); the update starts once it is restored.");
            }
            if (updatesLeft[0] <= 0) {
                throw new Remediation.Deferred("None yet: this run already started " + policy.maxUpdatesPerRun()
                        + " updates (DEFENDER_MAX_UPDATES_PER_RUN); a later run will start this one.");
            }
            updatesLeft[0]--;
            String commandId;
            try {
                commandId = aws.updateDefinitions(nodeId, policy.documentParameters());
            } catch (DefenderGateway.NodeNotEnrolled notTagged) {
                throw new Remediation.Refused(DefenderRules.NOT_ENROLLED, DefenderRules.enrol(nodeId,
                        policy.updateDocument(), policy.documentParameters()), DefenderRules.enrolCommands(nodeId,
                        policy.updateDocument(), policy.documentParameters()));
            } catch (DefenderGateway.DocumentNotDeployed replacedMeanwhile) {
                throw new Remediation.Deferred("None yet: " + replacedMeanwhile.getMessage() + ", so nothing was"
                        + " sent; the next run checks it again.");
            }
            return "Started Update-MpSignature from " + policy.describeSource() + " on " + nodeId
                    + " (Run Command " + commandId + ", document version " + UpdateDocument.PINNED_VERSION
                    + "); the next report shows whether it worked.";
        }, Duration.ofHours(Math.max(1, policy.staleHours() / 2))).then("Nothing to run now. See whether the update"
                + " worked (the command lists the node's Run Command invocations, newest first); the node's next"
                + " report shows its definitions' age. If it is still out of date then, make sure the node reaches "
                + policy.describeSource() + ".", DefenderRules.invocations(nodeId));
    }

    /**
     * What G4 remembers of a node between runs: its level, whether it is owed an update, and its WorkSpace
     * ("CRITICAL+UPDATE@ws-…").
     */
    record NodeMemory(DefenderRules.Level level, boolean updateOwed, String workspaceId) {
        private static final String OWED = "+UPDATE";

        /** A record this code cannot read is treated as never seen: at worst, one alert more. */
        static Optional<NodeMemory> parse(String state) {
            int at = state.indexOf('@');
            String head = at < 0 ? state : state.substring(0, at);
            try {
                return Optional.of(new NodeMemory(DefenderRules.Level.valueOf(head.replace(OWED, "")),
                        head.endsWith(OWED), at < 0 ? null : state.substring(at + 1)));
            } catch (IllegalArgumentException unreadable) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return level.name() + (updateOwed ? OWED : "") + (workspaceId == null ? "" : "@" + workspaceId);
        }
    }

    /** The remembered managed node of a WorkSpace. */
    private static String nodeOf(String workspaceId) {
        return "defender-node-of|" + workspaceId;
    }

    private static String subject(String nodeId) {
        return "defender|" + nodeId;
    }
}
