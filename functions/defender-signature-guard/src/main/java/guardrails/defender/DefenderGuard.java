package guardrails.defender;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.shared.AlertChannel;
import guardrails.shared.EventEnvelope;
import guardrails.shared.Finding;
import guardrails.shared.FindingReporter;
import guardrails.shared.FindingsLedger;
import guardrails.shared.LambdaAdapter;
import guardrails.shared.Proposal;
import guardrails.shared.Remediation;
import guardrails.shared.UnusableEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * G4's pipeline, on a schedule: every node's Custom:DefenderStatus -> {@link DefenderRules} -> an alert when a
 * node's level changes, and in REMEDIATE mode an Update-MpSignature from the configured source, a few per run.
 */
public final class DefenderGuard {

    private final DefenderGateway aws;
    private final FindingReporter reporter;
    private final FindingsLedger ledger;
    private final DefenderPolicy policy;
    private final Clock clock;

    public DefenderGuard(DefenderGateway aws, FindingReporter reporter, FindingsLedger ledger, DefenderPolicy policy,
                         Clock clock) {
        this.aws = aws;
        this.reporter = reporter;
        this.ledger = ledger;
        this.policy = policy;
        this.clock = clock;
    }

    public JsonNode handle(EventEnvelope envelope) {
        if (!envelope.isSchedule()) {
            throw new UnusableEvent(UnusableEvent.Reason.WRONG_SOURCE, "G4 runs on its schedule only, got "
                    + UnusableEvent.quote(envelope.source()) + " / " + UnusableEvent.quote(envelope.detailType()));
        }
        Instant now = clock.instant();
        List<DefenderStatus> statuses = aws.defenderStatuses();
        List<WorkspaceNode> workspaces = statuses.isEmpty() ? List.of() : aws.workspaces();
        List<Proposal> proposals = new ArrayList<>();
        Map<String, String> remembered = ledger.lastStates(statuses.stream().map(s -> subject(s.nodeId())).toList());
        Map<String, String> changedLevels = new LinkedHashMap<>();
        int updatesLeft = policy.maxUpdatesPerRun();
        for (DefenderStatus status : statuses) {
            Optional<WorkspaceNode> workspace = DefenderRules.match(status, workspaces);
            DefenderRules.Assessment assessment = DefenderRules.assess(status, workspace, policy, now);
            String subject = subject(status.nodeId());
            Optional<DefenderRules.Level> previous = Optional.ofNullable(remembered.get(subject))
                    .map(DefenderRules.Level::valueOf);
            Optional<Finding> finding = DefenderRules.change(status, workspace, assessment, previous);
            if (!assessment.level().name().equals(remembered.get(subject))) {
                changedLevels.put(subject, assessment.level().name()); // writes grow with changes, not with nodes
            }
            if (finding.isEmpty()) {
                continue;
            }
            if (assessment.needsUpdate() && !assessment.off() && updatesLeft > 0) {
                updatesLeft--;
                proposals.add(new Proposal(finding.get(), update(status.nodeId())));
            } else if (assessment.needsUpdate() && !assessment.off()) {
                proposals.add(Proposal.alertOnly(finding.get().withActionTaken("None: this run already started "
                        + policy.maxUpdatesPerRun() + " updates (DEFENDER_MAX_UPDATES_PER_RUN).")));
            } else {
                proposals.add(Proposal.alertOnly(finding.get()));
            }
        }
        var context = new AlertChannel.AlertContext(envelope.account(), envelope.region(), envelope.id());
        return LambdaAdapter.summary(envelope.id(), reporter.report(proposals, context, changedLevels));
    }

    private Remediation update(String nodeId) {
        return new Remediation("run Update-MpSignature from " + policy.describeSource() + " on " + nodeId,
                () -> "Started Update-MpSignature from " + policy.describeSource() + " on " + nodeId
                        + " (Run Command " + aws.runPowerShell(nodeId, policy.updateCommands())
                        + "); the next report shows whether it worked.");
    }

    private static String subject(String nodeId) {
        return "defender|" + nodeId;
    }
}
