package guardrails.directorytrust;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import guardrails.shared.channels.AlertChannel;
import guardrails.shared.directory.Trust;
import guardrails.shared.directory.TrustDirection;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.findings.Exemption;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Proposal;
import guardrails.shared.lifecycle.RememberedStates;
import guardrails.shared.reporting.FindingReporter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * G2's pipeline, for both triggers: a trust call (CreateTrust, UpdateTrust, DeleteTrust) checks that trust; the
 * schedule checks every trust in the region, and that a trail delivers the API calls G1 and G2 react to. Either way:
 * facts -> {@link TrustRules} -> alerts on change.
 * Nothing is ever changed: the trust password is not available, so the fix is the operator's.
 */
public final class TrustGuard {

    private static final Logger LOG = LoggerFactory.getLogger(TrustGuard.class);

    private final TrustGateway aws;
    private final FindingReporter reporter;
    private final RememberedStates states;
    private final TrustPolicy policy;
    private final Clock clock;

    public TrustGuard(TrustGateway aws, FindingReporter reporter, RememberedStates states, TrustPolicy policy,
                      Clock clock) {
        this.aws = aws;
        this.reporter = reporter;
        this.states = states;
        this.policy = policy;
        this.clock = clock;
    }

    public FindingReporter.Report handle(EventEnvelope envelope) {
        if (envelope.isSchedule()) {
            return sweep(envelope.schedule());
        }
        TrustEvent event = TrustEvent.from(envelope);
        if (event.deleted()) {
            return reportDeletion(event);
        }
        Optional<Trust> trust = aws.trust(event.trustId());
        if (trust.isEmpty()) {
            // Not silent: the call named a trust the account no longer has (deleted since, or another region's).
            LOG.info("trust not found: nothing to check", entry("trustId", event.trustId()),
                    entry("eventName", event.call().eventName()));
        }
        return report(event.call().eventId(), event.call().account(), event.call().region(),
                trust.map(List::of).orElse(List.of()), null);
    }

    /**
     * The scheduled sweep: every trust of the account and region the schedule fired in, and the trails that apply
     * to that region (G1 and G2 hear of API calls only through one).
     */
    public FindingReporter.Report sweep(ScheduledEvent schedule) {
        return report(schedule.getId(), schedule.getAccount(), schedule.getRegion(), aws.allTrusts(), aws.trails());
    }

    /**
     * Checks these trusts (and, in a sweep, the trails); alerts on what changed since each was last seen, then
     * remembers what was seen.
     */
    private FindingReporter.Report report(String eventId, String account, String region, List<Trust> trusts,
                                          List<TrailFacts> trails) {
        Instant now = clock.instant();
        Map<String, TrustGateway.DirectoryInfo> directories = trusts.isEmpty() ? Map.of() : aws.directories();
        Set<String> registered = trusts.isEmpty() ? Set.of() : aws.registeredDirectoryIds();
        Map<String, DirectoryFacts> facts = new HashMap<>();
        String trailSubject = TrustRules.trailSubject(region);
        Map<String, String> remembered = states.lastStates(Stream.concat(trusts.stream()
                .flatMap(t -> Stream.of(TrustRules.subject(t.directoryId(), t.remoteDomain()),
                        trustDomainKey(t.trustId()))), trails == null ? Stream.empty() : Stream.of(trailSubject))
                .toList());
        Map<String, String> seen = new LinkedHashMap<>();
        List<Proposal> proposals = new ArrayList<>();
        for (Trust trust : trusts) {
            DirectoryFacts directory = facts.computeIfAbsent(trust.directoryId(),
                    id -> facts(id, directories.get(id), registered, trusts));
            Set<TrustRules.Problem> problems = TrustRules.problems(trust, directory, policy, now);
            String subject = TrustRules.subject(trust.directoryId(), trust.remoteDomain());
            Optional<String> before = Optional.ofNullable(remembered.get(subject));
            for (Finding finding : TrustRules.changes(trust, directory, problems, before, now)) {
                proposals.add(Proposal.alertOnly(finding));
            }
            // Only what changed is written: a quiet sweep of many trusts writes nothing.
            putIfChanged(seen, remembered, subject, TrustRules.signature(problems, trust));
            putIfChanged(seen, remembered, trustDomainKey(trust.trustId()),
                    trust.directoryId() + "|" + trust.remoteDomain());
        }
        if (trails != null) {
            String state = TrustRules.trailState(trails);
            TrustRules.trailChange(region, trails, state, Optional.ofNullable(remembered.get(trailSubject)))
                    .map(Proposal::alertOnly).ifPresent(proposals::add);
            putIfChanged(seen, remembered, trailSubject, state);
        }
        var context = new AlertChannel.AlertContext(account, region, eventId);
        return reporter.report(proposals, context, seen);
    }

    private FindingReporter.Report reportDeletion(TrustEvent event) {
        Optional<String[]> remembered = states.lastState(trustDomainKey(event.trustId())).map(v -> v.split("\\|", 2));
        String directoryId = remembered.map(v -> v[0]).orElse(event.directoryId());
        String domain = remembered.map(v -> v[1]).orElse(null);
        DirectoryFacts directory = directoryId == null ? null : new DirectoryFacts(directoryId, directoryId, true,
                Set.of(), false, memoized(() -> aws.workspaces(directoryId)));
        List<Proposal> proposals = TrustRules.deleted(event.trustId(), directory, domain).map(Proposal::alertOnly)
                .stream().toList();
        var context = new AlertChannel.AlertContext(event.call().account(), event.call().region(),
                event.call().eventId());
        // The pair's memory stays: a trust recreated healthy is "recovered", one recreated as broken is old news.
        return reporter.report(proposals, context);
    }

    private DirectoryFacts facts(String directoryId, TrustGateway.DirectoryInfo info, Set<String> registered,
                                 List<Trust> trusts) {
        // The exemption tag matters only for a one-way trust; don't pay for the call otherwise.
        boolean exempt = trusts.stream().anyMatch(t -> t.directoryId().equals(directoryId)
                && t.direction() != TrustDirection.TWO_WAY) && Exemption.isExempt(aws.directoryTags(directoryId));
        return new DirectoryFacts(directoryId, info == null ? directoryId : info.name(),
                registered.contains(directoryId), aws.conditionalForwarders(directoryId), exempt,
                memoized(() -> aws.workspaces(directoryId)));
    }

    private static void putIfChanged(Map<String, String> changes, Map<String, String> remembered, String subject,
                                     String state) {
        if (!state.equals(remembered.get(subject))) {
            changes.put(subject, state);
        }
    }

    private static String trustDomainKey(String trustId) {
        return "trust-id|" + trustId;
    }

    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
