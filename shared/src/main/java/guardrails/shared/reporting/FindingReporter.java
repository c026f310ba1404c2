package guardrails.shared.reporting;

import guardrails.shared.config.Mode;
import guardrails.shared.config.ModeSwitch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * The last step of every guardrail's pipeline: for each proposal, claim it (publish-once), remediate when the
 * mode allows, publish the alert, then mark it done. A publish that fails gives the claim back and fails the
 * invocation, so Lambda retries and the alert is never lost; a redelivered event finds its findings done.
 */
public final class FindingReporter {

    private static final Logger LOG = LoggerFactory.getLogger(FindingReporter.class);

    /** Findings of one rule and severity alerted one by one in a run; the rest go in one summary (AlertStorms). */
    public static final int ALONE_PER_RULE = 10;

    private final FindingsLedger ledger;
    private final AlertChannel alerts;
    private final GuardrailMetrics metrics;
    private final ModeSwitch modes;
    private final int alonePerRule;

    public FindingReporter(FindingsLedger ledger, AlertChannel alerts, GuardrailMetrics metrics, Mode mode) {
        this(ledger, alerts, metrics, ModeSwitch.fixed(mode));
    }

    public FindingReporter(FindingsLedger ledger, AlertChannel alerts, GuardrailMetrics metrics, ModeSwitch modes) {
        this(ledger, alerts, metrics, modes, ALONE_PER_RULE);
    }

    private FindingReporter(FindingsLedger ledger, AlertChannel alerts, GuardrailMetrics metrics, ModeSwitch modes,
                            int alonePerRule) {
        this.ledger = ledger;
        this.alerts = alerts;
        this.metrics = metrics;
        this.modes = modes;
        this.alonePerRule = alonePerRule;
    }

    /**
     * The read-only audit's reporter: ALERT mode, so no remediation runs and each finding says what REMEDIATE would
     * do; every finding on its own (a report lists them all, where alerts summarize a storm); no metrics.
     */
    public static FindingReporter auditing(FindingsLedger ledger, AlertChannel findings) {
        return new FindingReporter(ledger, findings, GuardrailMetrics.discarding(), ModeSwitch.fixed(Mode.ALERT),
                Integer.MAX_VALUE);
    }

    /**
     * Reads the mode for the invocation about to run: a guardrail that can act calls this first, so everything it
     * decides in one invocation follows one mode, even if an operator switches it meanwhile.
     */
    public Mode settleMode() {
        return modes.settle();
    }

    /** True when remediations run (REMEDIATE mode); false when findings only say what would be done. */
    public boolean remediates() {
        return modes.get() == Mode.REMEDIATE;
    }

    /**
     * Reports, then remembers what the guardrail saw (a level, a trust's problems) for its next run. The memory is
     * written only once every alert is out: if a publish fails, the retry compares against the old memory and
     * alerts again instead of finding "no change".
     */
    public Report report(List<Proposal> proposals, AlertChannel.AlertContext context, Map<String, String> remember) {
        Report report = report(proposals, context);
        ledger.recordStates(remember);
        return report;
    }

    public Report report(List<Proposal> proposals, AlertChannel.AlertContext context) {
        List<Finding> published = new ArrayList<>();
        List<String> alreadyReported = new ArrayList<>();
        for (Proposal proposal : AlertStorms.summarized(proposals, alonePerRule, remediates())) {
            String key = proposal.onceKey(context.eventId());
            FindingsLedger.Claim claim = ledger.claim(key);
            if (claim.alreadyDone()) {
                alreadyReported.add(key);
                LOG.info("finding already reported", entry("findingKey", key));
                continue;
            }
            Finding finding;
            try {
                finding = act(proposal, key, claim);
                alerts.publish(finding, context);
            } catch (RuntimeException e) {
                ledger.release(key);
                throw e;
            }
            try {
                ledger.complete(key);
            } catch (RuntimeException e) {
                // The alert is out: failing now would publish it again. The claim stays until its lease ends.
                LOG.error("finding published but not marked done", entry("findingKey", key),
                        entry("errorType", e.getClass().getSimpleName()));
            }
            published.add(finding);
            count("Findings", finding);
            LOG.info("finding reported", entry("rule", finding.rule()), entry("severity", finding.severity().name()),
                    entry("resourceId", finding.resourceId()), entry("actionTaken", finding.actionTaken()));
        }
        return new Report(published, alreadyReported);
    }

    /**
     * What this guardrail's remediation did for a finding of this event, if an earlier attempt did something and
     * its alert never went out (read for a resource that is gone by the time the event is retried).
     */
    public Optional<FindingsLedger.Claim> earlierAction(String eventId, String rule, String resourceId) {
        return ledger.recordedAction(Finding.onceKey(eventId, rule, resourceId));
    }

    private Finding act(Proposal proposal, String key, FindingsLedger.Claim claim) {
        Finding finding = proposal.finding();
        Remediation remediation = proposal.remediation();
        if (remediation == null) {
            return finding;
        }
        if (!remediates()) {
            return finding.withActionTaken("Nothing (mode is ALERT). In REMEDIATE mode the guardrail would "
                    + remediation.description() + ".");
        }
        if (claim.earlierAction() != null) {
            // An earlier attempt acted, then failed to publish: say what it did, rather than "already done".
            return finding.withActionTaken(claim.earlierAction() + " (done by this guardrail at "
                    + claim.earlierActionAt() + "; its alert is published late)");
        }
        String done;
        try {
            done = remediation.act().get();
            count("Remediations", finding);
        } catch (RuntimeException e) {
            // The alert matters more than the fix: report the failed attempt rather than lose the finding.
            String why = e instanceof SdkException sdk ? sdk.getClass().getSimpleName() : e.getMessage();
            LOG.error("remediation failed", entry("rule", finding.rule()), entry("resourceId", finding.resourceId()),
                    entry("failure", why));
            return finding.withActionTaken("Tried to " + remediation.description() + ", but it failed (" + why
                    + "): do it by hand.");
        }
        ledger.recordAction(key, done);
        return finding.withActionTaken(done);
    }

    private void count(String metric, Finding finding) {
        metrics.put(metric, 1, GuardrailMetrics.Unit.COUNT,
                Map.of("Guardrail", finding.guardrail(), "Severity", finding.severity().name()));
    }

    /** What one invocation reported, and which findings an earlier delivery had already reported. */
    public record Report(List<Finding> published, List<String> alreadyReported) {
    }
}
