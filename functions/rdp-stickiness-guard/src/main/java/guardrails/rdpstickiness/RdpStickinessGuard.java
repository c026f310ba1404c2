package guardrails.rdpstickiness;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import guardrails.shared.lambda.EventEnvelope;
import guardrails.shared.reporting.AlertChannel;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.FindingsLedger;
import guardrails.shared.reporting.Proposal;
import guardrails.shared.reporting.Remediation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * G6's pipeline: the target group a CreateTargetGroup, ModifyTargetGroupAttributes or RegisterTargets call touched,
 * or every RDP target group on the daily schedule -> {@link RdpStickinessRules} -> an alert when a group's level
 * changed, and in REMEDIATE mode source-IP stickiness turned on.
 */
public final class RdpStickinessGuard {

    private static final Logger LOG = LoggerFactory.getLogger(RdpStickinessGuard.class);

    private final StickinessGateway aws;
    private final FindingReporter reporter;
    private final FindingsLedger ledger;

    public RdpStickinessGuard(StickinessGateway aws, FindingReporter reporter, FindingsLedger ledger) {
        this.aws = aws;
        this.reporter = reporter;
        this.ledger = ledger;
    }

    public FindingReporter.Report handle(EventEnvelope envelope) {
        if (envelope.isSchedule()) {
            reporter.settleMode();
            return sweep(envelope.schedule());
        }
        StickinessEvent event = StickinessEvent.from(envelope);
        reporter.settleMode();
        Optional<TargetGroup> group = aws.targetGroup(event.targetGroupArn());
        if (group.isEmpty()) {
            // Not silent: the call named a target group the account no longer has (deleted since).
            LOG.info("target group not found: nothing to check", entry("targetGroupArn", event.targetGroupArn()),
                    entry("eventName", event.call().eventName()));
        }
        return judge(group.stream().toList(), event.call().eventId(), event.call().account(), event.call().region());
    }

    /** The daily sweep: every target group carrying RDP in the account and region. */
    public FindingReporter.Report sweep(ScheduledEvent schedule) {
        return judge(aws.rdpTargetGroups(), schedule.getId(), schedule.getAccount(), schedule.getRegion());
    }

    private FindingReporter.Report judge(List<TargetGroup> groups, String eventId, String account, String region) {
        Map<String, String> remembered = ledger.lastStates(groups.stream().map(RdpStickinessGuard::memoryOf)
                .toList());
        Map<String, TargetGroup> changed = new LinkedHashMap<>();
        Map<String, RdpStickinessRules.Level> before = new LinkedHashMap<>();
        for (TargetGroup group : groups) {
            RdpStickinessRules.Level was = Optional.ofNullable(remembered.get(memoryOf(group)))
                    .map(RdpStickinessRules.Level::valueOf).orElse(null);
            if (was != RdpStickinessRules.level(group)) {
                changed.put(group.arn(), group);
                before.put(group.arn(), was);
            }
        }
        Set<String> exempt = changed.isEmpty() ? Set.of() : aws.exempt(List.copyOf(changed.keySet()));
        List<Proposal> proposals = new ArrayList<>();
        Map<String, String> toRemember = new LinkedHashMap<>();
        Set<String> madeSticky = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (TargetGroup bare : changed.values()) {
            if (exempt.contains(bare.arn())) {
                continue; // exempt: never reported or changed, nor remembered (once the tag goes, it is news)
            }
            RdpStickinessRules.Level now = RdpStickinessRules.level(bare);
            toRemember.put(memoryOf(bare), now.name());
            TargetGroup group = now == RdpStickinessRules.Level.OK ? bare : bare.withTargets(aws.targets(bare.arn()));
            String change = group.arn() + "|" + before.get(group.arn()) + ">" + now;
            RdpStickinessRules.levelChange(group, before.get(group.arn()), now).ifPresent(finding -> proposals.add(
                    now == RdpStickinessRules.Level.NOT_STICKY
                            ? new Proposal(finding, makeSticky(group, madeSticky), Proposal.onChange(finding, change)
                                    .onceKey())
                            : Proposal.onChange(finding, change)));
        }
        FindingReporter.Report report = reporter.report(proposals,
                new AlertChannel.AlertContext(account, region, eventId));
        // Remembered once every alert is out; a group this run made sticky is remembered as OK, so the fix is not
        // news again on the next run.
        madeSticky.forEach(arn -> toRemember.put(memoryOf(arn), RdpStickinessRules.Level.OK.name()));
        ledger.recordStates(toRemember);
        return report;
    }

    /** Turns stickiness on, noting the group so it is remembered as fixed. */
    private Remediation makeSticky(TargetGroup group, Set<String> madeSticky) {
        return new Remediation("turn on source-IP stickiness on " + group.name(), () -> {
            String done = aws.enableStickiness(group.arn());
            madeSticky.add(group.arn());
            return done;
        });
    }

    private static String memoryOf(TargetGroup group) {
        return memoryOf(group.arn());
    }

    private static String memoryOf(String targetGroupArn) {
        return "stickiness|" + targetGroupArn;
    }
}
