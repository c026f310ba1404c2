package guardrails.rdpstickiness;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.findings.Remediation;
import guardrails.shared.lifecycle.Examined;
import guardrails.shared.lifecycle.Problem;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.TrackedResources;
import guardrails.shared.reporting.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * G6's part of the pipeline: the target group a CreateTargetGroup, ModifyTargetGroupAttributes or RegisterTargets
 * call touched, or every RDP target group on the daily schedule, judged by {@link RdpStickinessRules}; the finding
 * lifecycle ({@link Tracker}) decides what to alert and when to turn source-IP stickiness on.
 */
public final class RdpStickinessGuard implements TrackedResources<TargetGroup> {

    private static final Logger LOG = LoggerFactory.getLogger(RdpStickinessGuard.class);

    private final StickinessGateway aws;
    private final Tracker tracker;

    public RdpStickinessGuard(StickinessGateway aws, Tracker tracker) {
        this.aws = aws;
        this.tracker = tracker;
    }

    public FindingReporter.Report handle(EventEnvelope envelope) {
        return tracker.handle(envelope, this);
    }

    /** The daily sweep in the mode already settled (the audit, priming). */
    public FindingReporter.Report sweep(ScheduledEvent schedule) {
        return tracker.sweep(this, schedule);
    }

    @Override
    public List<TargetGroup> named(EventEnvelope call) {
        StickinessEvent event = StickinessEvent.from(call);
        Optional<TargetGroup> group = aws.targetGroup(event.targetGroupArn())
                .map(found -> event.registersRdpPort() ? found.withRdpTargetPort() : found);
        if (group.isEmpty()) {
            // Not silent: the call named a target group the account no longer has (deleted since).
            LOG.info("target group not found: nothing to check", entry("targetGroupArn", event.targetGroupArn()),
                    entry("eventName", event.call().eventName()));
        }
        return group.stream().toList();
    }

    @Override
    public List<TargetGroup> all() {
        return aws.rdpTargetGroups();
    }

    @Override
    public String idOf(TargetGroup group) {
        return group.arn();
    }

    @Override
    public List<Examined> examine(List<TargetGroup> groups) {
        List<Examined> examined = new ArrayList<>();
        for (TargetGroup bare : groups) {
            RdpStickinessRules.Level level = RdpStickinessRules.level(bare);
            List<Problem> open = new ArrayList<>();
            if (level != RdpStickinessRules.Level.OK) {
                TargetGroup group = bare.withTargets(aws.targets(bare.arn()));
                var finding = RdpStickinessRules.levelChange(group, null, level).orElseThrow();
                String type = RdpStickinessRules.stickinessType(group);
                open.add(new Problem(finding, level.name(), RdpStickinessRules.fixable(level)
                        ? new Remediation("turn on " + RdpStickinessRules.inWords(type) + " stickiness on "
                                + group.name(),
                                () -> aws.enableStickiness(group.arn(), type)).then(RdpStickinessRules.afterwards(type))
                                .titled("Turned on " + RdpStickinessRules.inWords(type) + " stickiness for "
                                        + (level == RdpStickinessRules.Level.GATEWAY_NOT_STICKY ? "RD Gateway" : "RDP")
                                        + " target group " + group.name())
                        : null));
            }
            examined.add(new Examined(bare.arn(), bare.exempt(), open,
                    closed -> RdpStickinessRules.levelChange(bare, RdpStickinessRules.Level.valueOf(closed.state()),
                            RdpStickinessRules.Level.OK)));
        }
        return examined;
    }
}
