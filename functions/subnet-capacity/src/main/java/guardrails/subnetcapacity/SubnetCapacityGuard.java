package guardrails.subnetcapacity;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import guardrails.shared.channels.AlertChannel;
import guardrails.shared.events.CloudTrailCall;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.lifecycle.Examined;
import guardrails.shared.lifecycle.Problem;
import guardrails.shared.lifecycle.RememberedStates;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.GuardrailMetrics;
import guardrails.shared.reporting.Tracker;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * G3's pipeline: on the schedule, and at once after a CreateWorkspaces call, every watched subnet is measured
 * (registered directories' subnets and subnets tagged guardrails:watch-ips), published as metrics, and tracked by the
 * finding lifecycle: alerted when its level changes, kept in Security Hub while it stays low, "recovered" at OK.
 * Decisions are in {@link SubnetCapacityRules}; the trend in {@link SubnetHistory}.
 */
public final class SubnetCapacityGuard {

    private final SubnetGateway aws;
    private final Tracker tracker;
    private final RememberedStates states;
    private final GuardrailMetrics metrics;
    private final SubnetCapacity.Thresholds thresholds;
    private final Clock clock;

    public SubnetCapacityGuard(SubnetGateway aws, Tracker tracker, RememberedStates states, GuardrailMetrics metrics,
                               SubnetCapacity.Thresholds thresholds, Clock clock) {
        this.aws = aws;
        this.tracker = tracker;
        this.states = states;
        this.metrics = metrics;
        this.thresholds = thresholds;
        this.clock = clock;
    }

    public FindingReporter.Report handle(EventEnvelope envelope) {
        if (envelope.isSchedule()) {
            return sweep(envelope.schedule());
        }
        // A burst of creations is measured at once, not at the next scheduled sweep. Its sweeps may run side by
        // side and read the same record: its conditional write lets one of them report a level change.
        CloudTrailCall call = CloudTrailCall.from(envelope, "aws.workspaces", Set.of("CreateWorkspaces"));
        return sweep(call.eventId(), call.account(), call.region());
    }

    /** The scheduled sweep: every watched subnet of the account and region the schedule fired in. */
    public FindingReporter.Report sweep(ScheduledEvent schedule) {
        return sweep(schedule.getId(), schedule.getAccount(), schedule.getRegion());
    }

    private FindingReporter.Report sweep(String eventId, String account, String region) {
        Instant now = clock.instant();
        Map<String, String> directoryOf = new LinkedHashMap<>();
        aws.directorySubnets().forEach((directoryId, subnetIds) ->
                subnetIds.forEach(subnetId -> directoryOf.putIfAbsent(subnetId, directoryId)));
        Map<String, SubnetCapacity> subnets = new LinkedHashMap<>();
        if (!directoryOf.isEmpty()) {
            aws.describeSubnets(List.copyOf(directoryOf.keySet())).forEach(s -> subnets.put(s.subnetId(), s));
        }
        aws.taggedSubnets().forEach(s -> subnets.putIfAbsent(s.subnetId(), s));

        Map<String, Integer> freeByDirectory = new HashMap<>();
        subnets.values().forEach(s -> {
            String directoryId = directoryOf.get(s.subnetId());
            if (directoryId != null) {
                freeByDirectory.merge(directoryId, s.available(), Integer::sum);
            }
        });

        // The samples behind the forecast are what is true of each subnet; the lifecycle tracks its level.
        Map<String, String> remembered = states.lastStates(
                subnets.keySet().stream().map(id -> "subnet|" + id).toList());
        Map<String, String> toRemember = new LinkedHashMap<>();
        List<Examined> examined = new ArrayList<>();
        for (SubnetCapacity subnet : subnets.values()) {
            String directoryId = directoryOf.get(subnet.subnetId());
            String subject = "subnet|" + subnet.subnetId();
            SubnetHistory history = Optional.ofNullable(remembered.get(subject)).map(SubnetHistory::parse)
                    .orElseGet(SubnetHistory::none);
            SubnetCapacity.Level level = subnet.level(thresholds);
            SubnetHistory next = history.next(level, now, subnet.available());
            int free = freeByDirectory.getOrDefault(directoryId, subnet.available());
            List<Problem> open = new ArrayList<>();
            if (level != SubnetCapacity.Level.OK) {
                var finding = SubnetCapacityRules.levelChange(subnet, directoryId, history.level(), level,
                        next.daysToFull(), free).or(() -> SubnetCapacityRules.levelChange(subnet, directoryId,
                        Optional.empty(), level, next.daysToFull(), free)).orElseThrow();
                open.add(Problem.alertOnly(finding, level.name()));
            }
            examined.add(new Examined(subnet.subnetId(), false, open, closed -> SubnetCapacityRules.levelChange(
                    subnet, directoryId, Optional.of(SubnetCapacity.Level.valueOf(closed.state())),
                    SubnetCapacity.Level.OK, next.daysToFull(), free)));
            toRemember.put(subject, next.encode());
            publishMetrics(subnet, directoryId);
        }
        var context = new AlertChannel.AlertContext(account, region, eventId);
        FindingReporter.Report report = tracker.track(examined, context);
        states.recordStates(toRemember);
        return report;
    }

    /** Free addresses and used percent per subnet, as EMF: the dashboard graphs them, alarms can use them. */
    private void publishMetrics(SubnetCapacity subnet, String directoryId) {
        var dimensions = Map.of("DirectoryId", directoryId == null ? "none" : directoryId,
                "SubnetId", subnet.subnetId());
        metrics.put("FreeAddresses", subnet.available(), GuardrailMetrics.Unit.COUNT, dimensions);
        metrics.put("UsedPercent", subnet.usedPercent(), GuardrailMetrics.Unit.PERCENT, dimensions);
    }
}
