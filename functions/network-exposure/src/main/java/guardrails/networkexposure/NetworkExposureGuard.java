package guardrails.networkexposure;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import guardrails.networkexposure.NetworkExposureRules.Exposure;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.findings.Remediation;
import guardrails.shared.lifecycle.Examined;
import guardrails.shared.lifecycle.Problem;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.TrackedResources;
import guardrails.shared.reporting.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * G5's part of the pipeline: the security group an AuthorizeSecurityGroupIngress or ModifySecurityGroupRules call
 * changed, or every group on the schedule, judged by {@link NetworkExposureRules}: one problem per kind of world rule
 * on a group, its state the exposed rules. The finding lifecycle ({@link Tracker}) decides what to alert, when to
 * revoke the world rule (or, on the controllers, replace it by the ranges to allow), and says "closed" when it is gone.
 */
public final class NetworkExposureGuard implements TrackedResources<SecurityGroup> {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkExposureGuard.class);

    private final ExposureGateway aws;
    private final ExposurePolicy policy;
    private final Tracker tracker;

    public NetworkExposureGuard(ExposureGateway aws, ExposurePolicy policy, Tracker tracker) {
        this.aws = aws;
        this.policy = policy;
        this.tracker = tracker;
    }

    public FindingReporter.Report handle(EventEnvelope envelope) {
        return tracker.handle(envelope, this);
    }

    /** The scheduled sweep in the mode already settled (the audit, priming). */
    public FindingReporter.Report sweep(ScheduledEvent schedule) {
        return tracker.sweep(this, schedule);
    }

    @Override
    public List<SecurityGroup> named(EventEnvelope call) {
        ExposureEvent event = ExposureEvent.from(call);
        Optional<SecurityGroup> group = aws.securityGroup(event.groupId());
        if (group.isEmpty()) {
            // Not silent: the call named a group the account no longer has (deleted since).
            LOG.info("security group not found: nothing to check", entry("groupId", event.groupId()),
                    entry("eventName", event.call().eventName()));
        }
        return group.stream().toList();
    }

    /** Every security group of the account and region (exposure that predates the stack too). */
    @Override
    public List<SecurityGroup> all() {
        return aws.securityGroups();
    }

    @Override
    public String idOf(SecurityGroup group) {
        return group.id();
    }

    @Override
    public List<Examined> examine(List<SecurityGroup> groups) {
        List<Examined> examined = new ArrayList<>();
        for (SecurityGroup group : groups) {
            Map<Exposure, List<IngressRule>> exposures = NetworkExposureRules.exposures(group);
            DirectoryNetwork network = exposures.containsKey(Exposure.CONTROLLERS_OPEN) && !group.exempt()
                    ? aws.network(group.directoryId(), group.vpcId()) : null;
            List<Problem> open = new ArrayList<>();
            exposures.forEach((kind, rules) -> open.add(new Problem(
                    NetworkExposureRules.exposed(group, kind, rules, network, policy),
                    NetworkExposureRules.memoryOf(rules.stream().map(IngressRule::ruleId).toList()),
                    fix(group, kind, rules, network))));
            examined.add(new Examined(group.id(), group.exempt(), open, closed -> Optional.of(
                    NetworkExposureRules.closed(group, NetworkExposureRules.recall(closed.state())))));
        }
        return examined;
    }

    /** Revoke the world rules; on the controllers, replace them, and only with the ranges an operator listed. */
    private Remediation fix(SecurityGroup group, Exposure kind, List<IngressRule> rules, DirectoryNetwork network) {
        List<String> ids = rules.stream().map(IngressRule::ruleId).toList();
        if (kind != Exposure.CONTROLLERS_OPEN) {
            return new Remediation("revoke " + String.join(" ", ids) + " on " + group.id(),
                    () -> aws.revoke(group.id(), ids).done()).then(NetworkExposureRules.afterRevoke(kind),
                    NetworkExposureRules.afterRevokeCommands(kind)).titled(NetworkExposureRules.revokedTitle(kind,
                    group, rules.size()));
        }
        if (policy.controllersAllowedCidrs().isEmpty()) {
            return null; // never cut the trusted domain off on a guess
        }
        var plan = NetworkExposureRules.replacementPlan(rules, network, policy);
        int peak = NetworkExposureRules.peakRules(group, plan);
        return new Remediation("replace the world rules " + String.join(" ", ids) + " on " + group.id()
                + " by the VPC's ranges and ControllersAllowedCidrs", () -> {
                    if (peak > NetworkExposureRules.RULES_PER_FAMILY) { // it would stop half-way: change nothing
                        throw new Remediation.Refused("the replacement would pass the quota of "
                                + NetworkExposureRules.RULES_PER_FAMILY + " inbound rules per address family ("
                                + peak + " at its peak), so nothing was changed",
                                NetworkExposureRules.quotaAdvice(group, plan, peak));
                    }
                    return aws.replace(group.id(), plan).done();
                }).titled("Replaced " + rules.size() + " world rules on the domain controllers of "
                + group.directoryId() + " by their networks' ranges")
                .then("Nothing to run. The controllers now take those ports from the VPC's ranges and"
                + " ControllersAllowedCidrs only: if a network that needs them lost access (a trusted domain's), add"
                + " its range to ControllersAllowedCidrs and redeploy.");
    }
}
