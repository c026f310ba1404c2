package guardrails.shared.reporting;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import guardrails.shared.channels.AlertChannel;
import guardrails.shared.config.Mode;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.findings.Delivery;
import guardrails.shared.findings.Remediation;
import guardrails.shared.lifecycle.Examined;
import guardrails.shared.lifecycle.Lifecycle;
import guardrails.shared.lifecycle.LifecycleStore;
import guardrails.shared.lifecycle.Problem;
import guardrails.shared.lifecycle.ResourceRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * The trigger step and the lifecycle, the same for every tracking guardrail: one resource from a call or every
 * resource on a schedule, the mode read once, then per resource: its record, {@link Lifecycle#step}, the record written
 * (with the messages it decided, before they are sent), the messages delivered on every channel, and the record
 * written again without them.
 */
public final class Tracker {

    private static final Logger LOG = LoggerFactory.getLogger(Tracker.class);

    private final String guardrail;
    private final LifecycleStore store;
    private final FindingReporter reporter;
    private final Clock clock;

    public Tracker(String guardrail, LifecycleStore store, FindingReporter reporter, Clock clock) {
        this.guardrail = guardrail;
        this.store = store;
        this.reporter = reporter;
        this.clock = clock;
    }

    /** A call or a schedule: the resources it concerns, judged and tracked in this invocation's mode. */
    public <R> FindingReporter.Report handle(EventEnvelope envelope, TrackedResources<R> resources) {
        List<R> concerned;
        if (envelope.isSchedule()) {
            reporter.settleMode();
            concerned = resources.all();
        } else {
            concerned = resources.named(envelope);
            reporter.settleMode();
        }
        return track(concerned, resources, new AlertChannel.AlertContext(envelope.account(), envelope.region(),
                envelope.id()));
    }

    /** A sweep in the mode already settled (the audit, SnapStart priming). */
    public <R> FindingReporter.Report sweep(TrackedResources<R> resources, AlertChannel.AlertContext context) {
        return track(resources.all(), resources, context);
    }

    /** A sweep in the mode already settled, in the schedule's account and Region. */
    public <R> FindingReporter.Report sweep(TrackedResources<R> resources, ScheduledEvent schedule) {
        return sweep(resources, new AlertChannel.AlertContext(schedule.getAccount(), schedule.getRegion(),
                schedule.getId()));
    }

    /**
     * The records are read before the resources are examined: a run that decides a fix on a record then saw the
     * problem after any run that wrote that record, so two runs acting at once share the record's version, and with
     * it the claim the fix runs under ({@link #actingOnce}).
     */
    private <R> FindingReporter.Report track(List<R> concerned, TrackedResources<R> resources,
                                             AlertChannel.AlertContext context) {
        Map<String, ResourceRecord> records = store.load(guardrail, concerned.stream().map(resources::idOf).toList());
        return step(resources.examine(concerned), records, context);
    }

    /** Which of these resources the lifecycle has a record of. */
    public java.util.Set<String> recorded(List<String> resourceIds) {
        return store.load(guardrail, resourceIds).keySet();
    }

    /** Resources examined by the guardrail itself (their ids known only once examined). */
    public FindingReporter.Report track(List<Examined> examined, AlertChannel.AlertContext context) {
        return step(examined, store.load(guardrail, examined.stream().map(Examined::resourceId).toList()), context);
    }

    private FindingReporter.Report step(List<Examined> examined, Map<String, ResourceRecord> records,
                                        AlertChannel.AlertContext context) {
        Mode mode = reporter.mode();
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Map<String, ResourceRecord> written = new LinkedHashMap<>();
        List<Delivery> deliveries = new ArrayList<>();
        for (Examined resource : oneEach(examined)) {
            ResourceRecord before = records.getOrDefault(resource.resourceId(), ResourceRecord.NONE);
            Lifecycle.Outcome outcome = Lifecycle.step(guardrail, before, actingOnce(resource, before.version() + 1),
                    mode, now);
            ResourceRecord after = outcome.after();
            outcome.remediated().forEach(finding -> reporter.count("Remediations", finding));
            ResourceRecord stored = before;
            if (!sameContent(before, after)) {
                store.save(guardrail, resource.resourceId(), after, before.version());
                stored = after;
            }
            // Messages decided now, and any an earlier run wrote but could not deliver.
            if (!stored.pending().isEmpty()) {
                deliveries.addAll(stored.pending());
                written.put(resource.resourceId(), stored);
            }
        }
        FindingReporter.Report report = reporter.deliver(deliveries, context);
        written.forEach((resourceId, after) -> {
            try {
                store.save(guardrail, resourceId, new ResourceRecord(after.rules(), after.exemptSince(), List.of(),
                        after.version() + 1), after.version());
            } catch (RuntimeException e) {
                // Delivered under their claims already: a later run finds them done and only clears them.
                LOG.warn("lifecycle record not cleared of delivered messages", entry("resourceId", resourceId),
                        entry("errorType", e.getClass().getSimpleName()));
            }
        });
        return report;
    }

    /**
     * Each fix runs under a claim keyed by the record's version it was decided on: two runs deciding it at once (a
     * call and a sweep, or a duplicate delivery) act once; the other is retried and finds the record written.
     */
    private Examined actingOnce(Examined resource, long version) {
        return new Examined(resource.resourceId(), resource.exempt(), resource.open().stream().map(problem ->
                problem.remediation() == null ? problem : new Problem(problem.finding(), problem.state(),
                        problem.remediation().actingThrough(act -> () -> reporter.actOnce("act|" + guardrail + "|"
                                + problem.rule() + "|" + resource.resourceId() + "|v" + version, act)))).toList(),
                resource.recovery());
    }

    /**
     * One examined entry per resource: two for the same resource (two nodes of one WorkSpace, say) would each write
     * its record at the same version, and the second would conflict on every run. Their problems are merged.
     */
    public static List<Examined> oneEach(List<Examined> examined) {
        Map<String, Examined> byResource = new LinkedHashMap<>();
        for (Examined resource : examined) {
            byResource.merge(resource.resourceId(), resource, (first, more) -> {
                List<Problem> open = new ArrayList<>(first.open());
                open.addAll(more.open());
                return new Examined(first.resourceId(), first.exempt() || more.exempt(), open, first.recovery());
            });
        }
        return List.copyOf(byResource.values());
    }

    /** A quiet run writes nothing. */
    private static boolean sameContent(ResourceRecord before, ResourceRecord after) {
        return before.rules().equals(after.rules()) && java.util.Objects.equals(before.exemptSince(),
                after.exemptSince()) && before.pending().equals(after.pending());
    }
}
