package guardrails.networkexposure;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import guardrails.networkexposure.NetworkExposureRules.Exposure;
import guardrails.shared.lambda.EventEnvelope;
import guardrails.shared.reporting.AlertChannel;
import guardrails.shared.reporting.Finding;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.FindingsLedger;
import guardrails.shared.reporting.Proposal;
import guardrails.shared.reporting.Remediation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * G5's pipeline: the security group an AuthorizeSecurityGroupIngress or ModifySecurityGroupRules call changed, or
 * every group on the schedule -> {@link NetworkExposureRules} -> one alert per newly exposed kind of rule on a group
 * (once per rule), "closed" when a group's exposure is gone, and in REMEDIATE mode the world rule revoked (or, on
 * the controllers, replaced by the ranges to allow).
 */
public final class NetworkExposureGuard {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkExposureGuard.class);

    private final ExposureGateway aws;
    private final ExposurePolicy policy;
    private final FindingReporter reporter;
    private final FindingsLedger ledger;

    public NetworkExposureGuard(ExposureGateway aws, ExposurePolicy policy, FindingReporter reporter,
                                FindingsLedger ledger) {
        this.aws = aws;
        this.policy = policy;
        this.reporter = reporter;
        this.ledger = ledger;
    }

    public FindingReporter.Report handle(EventEnvelope envelope) {
        if (envelope.isSchedule()) {
            reporter.settleMode();
            return sweep(envelope.schedule());
        }
        ExposureEvent event = ExposureEvent.from(envelope);
        reporter.settleMode();
        Optional<SecurityGroup> group = aws.securityGroup(event.groupId());
        if (group.isEmpty()) {
            // Not silent: the call named a group the account no longer has (deleted since).
            LOG.info("security group not found: nothing to check", entry("groupId", event.groupId()),
                    entry("eventName", event.call().eventName()));
        }
        return judge(group.stream().toList(), event.call().eventId(), event.call().account(), event.call().region());
    }

    /** The scheduled sweep: every security group of the account and region (exposure that predates the stack too). */
    public FindingReporter.Report sweep(ScheduledEvent schedule) {
        return judge(aws.securityGroups(), schedule.getId(), schedule.getAccount(), schedule.getRegion());
    }

    private FindingReporter.Report judge(List<SecurityGroup> groups, String eventId, String account, String region) {
        List<SecurityGroup> watched = groups.stream().filter(g -> !g.exempt()).toList(); // exempt: never news
        Map<String, String> remembered = ledger.lastStates(watched.stream().map(NetworkExposureGuard::memoryKey)
                .toList());
        List<Proposal> proposals = new ArrayList<>();
        Map<String, String> toRemember = new LinkedHashMap<>();
        Map<String, Set<String>> exposedNow = new HashMap<>();
        Set<String> closedByUs = ConcurrentHashMap.newKeySet();
        for (SecurityGroup group : watched) {
            Map<Exposure, List<IngressRule>> exposures = NetworkExposureRules.exposures(group);
            Set<String> now = new TreeSet<>();
            exposures.values().forEach(rules -> rules.forEach(rule -> now.add(rule.ruleId())));
            String memory = remembered.get(memoryKey(group));
            Set<String> before = NetworkExposureRules.recall(memory);
            if (now.equals(before) && (memory != null || now.isEmpty())) {
                continue; // nothing new, nothing gone
            }
            exposedNow.put(group.id(), now);
            toRemember.put(memoryKey(group), NetworkExposureRules.memoryOf(now));
            if (now.isEmpty()) {
                if (!before.isEmpty()) {
                    proposals.add(Proposal.onChange(NetworkExposureRules.closed(group, before),
                            group.id() + "|" + memory + ">"));
                }
                continue;
            }
            DirectoryNetwork network = exposures.containsKey(Exposure.CONTROLLERS_OPEN)
                    ? aws.network(group.directoryId(), group.vpcId()) : null;
            exposures.forEach((kind, rules) -> {
                List<IngressRule> fresh = rules.stream().filter(rule -> !before.contains(rule.ruleId())).toList();
                if (!fresh.isEmpty()) {
                    proposals.add(proposal(group, kind, fresh, network, closedByUs));
                }
            });
        }
        FindingReporter.Report report = reporter.report(proposals,
                new AlertChannel.AlertContext(account, region, eventId));
        // Remembered once every alert is out; a rule this run revoked is not remembered, so its absence is not news.
        exposedNow.forEach((groupId, now) -> {
            if (now.removeIf(closedByUs::contains)) {
                toRemember.put(memoryKey(groupId), NetworkExposureRules.memoryOf(now));
            }
        });
        ledger.recordStates(toRemember);
        return report;
    }

    /** Once per group, kind and set of rules, however many runs see them; with the fix REMEDIATE may make. */
    private Proposal proposal(SecurityGroup group, Exposure kind, List<IngressRule> rules, DirectoryNetwork network,
                              Set<String> closedByUs) {
        Finding finding = NetworkExposureRules.exposed(group, kind, rules, network, policy);
        String onceKey = Proposal.onChange(finding, group.id() + "|" + NetworkExposureRules.memoryOf(
                rules.stream().map(IngressRule::ruleId).toList())).onceKey();
        List<String> ids = rules.stream().map(IngressRule::ruleId).toList();
        if (kind != Exposure.CONTROLLERS_OPEN) {
            return new Proposal(finding, new Remediation("revoke " + String.join(" ", ids) + " on " + group.id(), () -> {
                ExposureGateway.Change change = aws.revoke(group.id(), ids);
                closedByUs.addAll(change.revoked());
                return change.done();
            }), onceKey);
        }
        if (policy.controllersAllowedCidrs().isEmpty()) {
            return new Proposal(finding, null, onceKey); // never cut the trusted domain off on a guess
        }
        return new Proposal(finding, new Remediation("replace the world rules " + String.join(" ", ids) + " on "
                + group.id() + " by the VPC's ranges and ControllersAllowedCidrs", () -> {
            ExposureGateway.Change change = aws.replace(group.id(),
                    NetworkExposureRules.replacementPlan(rules, network, policy));
            closedByUs.addAll(change.revoked());
            return change.done();
        }), onceKey);
    }

    private static String memoryKey(SecurityGroup group) {
        return memoryKey(group.id());
    }

    private static String memoryKey(String groupId) {
        return "exposure|" + groupId;
    }
}
