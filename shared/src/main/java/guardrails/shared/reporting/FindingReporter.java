package guardrails.shared.reporting;

import guardrails.shared.channels.AlertChannel;
import guardrails.shared.channels.SecurityHubChannel;
import guardrails.shared.config.Mode;
import guardrails.shared.config.ModeSwitch;
import guardrails.shared.findings.Delivery;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Proposal;
import guardrails.shared.findings.Remediation;
import guardrails.shared.findings.Severity;
import guardrails.shared.lifecycle.Claims;
import guardrails.shared.lifecycle.RememberedStates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.securityhub.model.InvalidAccessException;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * The last step of every guardrail's pipeline: for each proposal, claim it (publish-once), remediate when the
 * mode allows, then deliver it on each channel once on its own (the alert topic first; Security Hub, when enabled,
 * under a claim of its own), then mark it done. A channel that fails gives its claim back and fails the invocation
 * once every other finding is out, so Lambda retries only what is missing: the alert is never lost, never doubled,
 * and never waits on Security Hub.
 */
public final class FindingReporter {

    private static final Logger LOG = LoggerFactory.getLogger(FindingReporter.class);

    /** Findings of one rule and severity alerted one by one in a run; the rest go in one summary (AlertStorms). */
    public static final int ALONE_PER_RULE = 10;

    /** The rule of the one warning that Security Hub refuses findings because it is not enabled. */
    public static final String SECURITY_HUB_NOT_ENABLED = "SECURITY_HUB_NOT_ENABLED";

    private final Claims claims;
    private final RememberedStates states;
    private final AlertChannel alerts;
    private final SecurityHubChannel hub;
    private final GuardrailMetrics metrics;
    private final ModeSwitch modes;
    private final int alonePerRule;

    public FindingReporter(Claims claims, RememberedStates states, AlertChannel alerts, GuardrailMetrics metrics,
                           Mode mode) {
        this(claims, states, alerts, null, metrics, ModeSwitch.fixed(mode));
    }

    public FindingReporter(Claims claims, RememberedStates states, AlertChannel alerts, GuardrailMetrics metrics,
                           ModeSwitch modes) {
        this(claims, states, alerts, null, metrics, modes);
    }

    /** {@code hub}: Security Hub, when findings are imported there too (null: alerts only). */
    public FindingReporter(Claims claims, RememberedStates states, AlertChannel alerts, SecurityHubChannel hub,
                           GuardrailMetrics metrics, ModeSwitch modes) {
        this(claims, states, alerts, hub, metrics, modes, ALONE_PER_RULE);
    }

    private FindingReporter(Claims claims, RememberedStates states, AlertChannel alerts, SecurityHubChannel hub,
                            GuardrailMetrics metrics, ModeSwitch modes, int alonePerRule) {
        this.claims = claims;
        this.states = states;
        this.alerts = alerts;
        this.hub = hub;
        this.metrics = metrics;
        this.modes = modes;
        this.alonePerRule = alonePerRule;
    }

    /**
     * The read-only audit's reporter: ALERT mode, so no remediation runs and each finding says what REMEDIATE would
     * do; every finding on its own (a report lists them all, where alerts summarize a storm); no metrics.
     */
    public static FindingReporter auditing(Claims claims, RememberedStates states, AlertChannel findings) {
        return new FindingReporter(claims, states, findings, null, GuardrailMetrics.discarding(),
                ModeSwitch.fixed(Mode.ALERT), Integer.MAX_VALUE);
    }

    /**
     * Reads the mode for the invocation about to run: a guardrail that can act calls this first, so everything it
     * decides in one invocation follows one mode, even if an operator switches it meanwhile.
     */
    public Mode settleMode() {
        return modes.settle();
    }

    /** The mode settled for this invocation. */
    public Mode mode() {
        return modes.get();
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
        states.recordStates(remember);
        return report;
    }

    public Report report(List<Proposal> proposals, AlertChannel.AlertContext context) {
        List<Finding> published = new ArrayList<>();
        List<String> alreadyReported = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        for (Proposal proposal : AlertStorms.summarized(proposals, alonePerRule, remediates())) {
            String key = proposal.onceKey(context.eventId());
            Claims.Claim claim = claims.claim(key);
            if (claim.alreadyDone()) {
                alreadyReported.add(key);
                LOG.info("finding already reported", entry("findingKey", key));
                continue;
            }
            Finding finding;
            try {
                finding = act(proposal, key, claim);
            } catch (RuntimeException e) {
                claims.release(key);
                throw e;
            }
            if (deliver(key, finding, true, hubFor(finding), context, failures)) {
                published.add(finding);
            }
        }
        failIfAny(failures);
        return new Report(published, alreadyReported);
    }

    /**
     * Delivers what the finding lifecycle decided: each message once per channel, under its key. Messages that
     * cannot go out now stay claimable, and the invocation fails once the others are out, so Lambda retries them.
     */
    public Report deliver(List<Delivery> deliveries, AlertChannel.AlertContext context) {
        List<Finding> published = new ArrayList<>();
        List<String> alreadyReported = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        deliveries = AlertStorms.summarized(deliveries, alonePerRule);
        for (Delivery delivery : deliveries) {
            Claims.Claim claim = claims.claim(delivery.key());
            if (claim.alreadyDone()) {
                alreadyReported.add(delivery.key());
                continue;
            }
            if (deliver(delivery.key(), delivery.finding(), delivery.alert(), delivery, context, failures)
                    && delivery.alert()) {
                published.add(delivery.finding());
            }
        }
        failIfAny(failures);
        return new Report(published, alreadyReported);
    }

    /**
     * One finding on every channel, the alert first: each channel under a claim of its own when there are two, so a
     * retry repeats only the one that failed. True when all are out (the finding's claim is then done).
     */
    private boolean deliver(String key, Finding finding, boolean alert, Delivery toHub,
                            AlertChannel.AlertContext context, List<RuntimeException> failures) {
        boolean out = true;
        if (alert) {
            out = hub == null ? send(() -> alerts.publish(finding, context), failures)
                    : onChannel(key + "|alert", () -> alerts.publish(finding, context), failures);
        }
        if (hub != null && toHub != null && toHub.hub() != Delivery.Hub.NONE) {
            out &= onChannel(key + "|hub", () -> toSecurityHub(toHub, finding, context), failures);
        }
        if (!out) {
            claims.release(key);
            return false;
        }
        try {
            claims.complete(key);
        } catch (RuntimeException e) {
            // The alert is out: failing now would publish it again. The claim stays until its lease ends.
            LOG.error("finding published but not marked done", entry("findingKey", key),
                    entry("errorType", e.getClass().getSimpleName()));
        }
        if (alert) {
            count("Findings", finding);
            LOG.info("finding reported", entry("rule", finding.rule()), entry("severity", finding.severity().name()),
                    entry("resourceId", finding.resourceId()), entry("actionTaken", finding.actionTaken()));
        }
        return true;
    }

    private boolean onChannel(String key, Runnable publish, List<RuntimeException> failures) {
        Claims.Claim claim;
        try {
            claim = claims.claim(key);
        } catch (RuntimeException e) {
            failures.add(e);
            return false;
        }
        if (claim.alreadyDone()) {
            return true;
        }
        if (!send(publish, failures)) {
            claims.release(key);
            return false;
        }
        claims.complete(key);
        return true;
    }

    private static boolean send(Runnable publish, List<RuntimeException> failures) {
        try {
            publish.run();
            return true;
        } catch (RuntimeException e) {
            LOG.error("channel refused a finding", entry("errorType", e.getClass().getSimpleName()));
            failures.add(e);
            return false;
        }
    }

    /**
     * Security Hub's part. Where it is not enabled in the account and Region (InvalidAccessException, 401, declared by
     * BatchImportFindings in securityhub/2018-10-26/service-2.json), retrying cannot help: the finding counts as
     * delivered, and one WARNING says so on the alert topic, once per account and Region (the claim's time to live).
     */
    private void toSecurityHub(Delivery delivery, Finding finding, AlertChannel.AlertContext context) {
        try {
            if (delivery.key() == null) {
                hub.publish(finding, context);
            } else {
                hub.deliver(delivery, context);
            }
        } catch (InvalidAccessException notEnabled) {
            String key = SECURITY_HUB_NOT_ENABLED + "|" + context.account() + "|" + context.region();
            if (claims.claim(key).alreadyDone()) {
                return;
            }
            try {
                alerts.publish(securityHubNotEnabled(finding.guardrail(), context, notEnabled), context);
            } catch (RuntimeException e) {
                claims.release(key);
                throw e;
            }
            claims.complete(key);
        }
    }

    static Finding securityHubNotEnabled(String guardrail, AlertChannel.AlertContext context,
                                         InvalidAccessException refusal) {
        String code = refusal.awsErrorDetails() == null ? "InvalidAccessException"
                : refusal.awsErrorDetails().errorCode();
        return new Finding(guardrail, SECURITY_HUB_NOT_ENABLED, Severity.WARNING, "securityhub/" + context.region(),
                List.of(), "Security Hub is not enabled in " + context.region() + ": findings go to this topic only",
                "Security Hub refused a finding in account " + context.account() + ", Region " + context.region()
                        + " (" + code + "): it is not enabled there, or this account may not import findings.",
                "The guardrails import their findings into Security Hub (SecurityHubFindings = Enabled), but Security"
                        + " Hub takes findings only where it is enabled. Alerts keep coming here; Security Hub shows"
                        + " nothing until it is enabled.",
                "None: alerts keep flowing; this warning is sent once per account and Region.",
                "Enable Security Hub in this Region (aws securityhub enable-security-hub --region " + context.region()
                        + "), or deploy with SecurityHubFindings=Disabled.");
    }

    /** The old path's Security Hub part: the channel decides from the finding (a recovery resolves). */
    private static Delivery hubFor(Finding finding) {
        return new Delivery(null, finding, true, Delivery.Hub.IMPORT, null, finding.rule());
    }

    private static void failIfAny(List<RuntimeException> failures) {
        if (failures.isEmpty()) {
            return;
        }
        RuntimeException first = failures.get(0);
        failures.stream().skip(1).forEach(first::addSuppressed);
        throw first;
    }

    private Finding act(Proposal proposal, String key, Claims.Claim claim) {
        Finding finding = proposal.finding();
        Remediation remediation = proposal.remediation();
        if (remediation == null) {
            return finding;
        }
        if (!remediates()) {
            return finding.withActionTaken(remediation.wouldDo());
        }
        if (claim.earlierAction() != null) {
            // An earlier attempt acted, then failed to publish: say what it did, rather than "already done".
            return finding.fixed(remediation, claim.earlierAction() + " (done by this guardrail at "
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
        claims.recordAction(key, done);
        return finding.fixed(remediation, done);
    }

    /**
     * Runs a remediation once under {@code key}, however many invocations decide it at once: the first claims it and
     * acts; another running meanwhile fails with {@link Claims.ClaimHeldElsewhere} (Lambda retries it, and by
     * then the first has recorded what it did); a retry after the action gets what was done, without acting again.
     */
    public String actOnce(String key, java.util.function.Supplier<String> act) {
        Claims.Claim claim = claims.claim(key);
        if (claim.alreadyDone()) {
            return claims.recordedAction(key).map(Claims.Claim::earlierAction)
                    .orElse("Done by an earlier attempt of this guardrail.");
        }
        if (claim.earlierAction() != null) {
            claims.complete(key);
            return claim.earlierAction();
        }
        String done;
        try {
            done = act.get();
        } catch (RuntimeException e) {
            claims.release(key);
            throw e;
        }
        claims.recordAction(key, done);
        claims.complete(key);
        return done;
    }

    /** Counts a finding or a remediation by guardrail and severity (EMF). */
    public void count(String metric, Finding finding) {
        metrics.put(metric, 1, GuardrailMetrics.Unit.COUNT,
                Map.of("Guardrail", finding.guardrail(), "Severity", finding.severity().name()));
    }

    /** What one invocation reported, and which findings an earlier delivery had already reported. */
    public record Report(List<Finding> published, List<String> alreadyReported) {
    }
}
