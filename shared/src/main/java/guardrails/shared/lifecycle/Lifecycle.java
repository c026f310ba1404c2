package guardrails.shared.lifecycle;

import guardrails.shared.config.Mode;
import guardrails.shared.findings.Delivery;
import guardrails.shared.findings.Exemption;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Remediation;
import guardrails.shared.findings.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one finding lifecycle every tracking guardrail shares: from what is recorded of a resource, what a run sees on
 * it now and the run's mode, it decides for each problem whether to alert, act, re-import to Security Hub, resolve or
 * stay quiet, and records what is true and what was done. Pure apart from running the remediations it decides on.
 *
 * <ul>
 *   <li>A problem open in REMEDIATE mode is fixed, whether it is new or was known before (found in ALERT mode, on a
 *   resource exempt until now, after a failed attempt). The alert says what was done and since when it was open.</li>
 *   <li>A failed fix is tried again on later runs, {@value #MAX_ATTEMPTS} times in all; then, or at once for a
 *   refusal a retry cannot change (a 4xx that is not throttling), one CRITICAL "could not fix" alert and no more
 *   attempts until the problem changes.</li>
 *   <li>A problem the guardrail fixed is closed at once, in every channel; one fixed by someone else is closed with the
 *   guardrail's recovery words when a run no longer sees it.</li>
 *   <li>An open problem is alerted once per state; Security Hub gets it again every {@link #HUB_REFRESH} so its
 *   90-day expiry never drops an open problem.</li>
 *   <li>An exempt resource is announced once (INFO), its problems recorded but neither alerted nor acted on; once
 *   the tag goes, they are news again.</li>
 * </ul>
 * Operator's view: docs/lifecycle.md.
 */
public final class Lifecycle {

    public static final int MAX_ATTEMPTS = 3;
    /** Security Hub deletes a finding 90 days after its last update (ASFF required attributes): imported before. */
    public static final Duration HUB_REFRESH = Duration.ofDays(30);
    public static final String EXEMPT = "RESOURCE_EXEMPT";

    private Lifecycle() {
    }

    /**
     * What one run decided for one resource.
     *
     * @param after        the record to write (its pending messages are this run's and any left undelivered)
     * @param remediated   the findings whose fix ran (successful or not), for the Remediations metric
     */
    public record Outcome(ResourceRecord after, List<Finding> remediated) {
    }

    public static Outcome step(String guardrail, ResourceRecord before, Examined now, Mode mode, Instant at) {
        long version = before.version() + 1;
        Map<String, RuleRecord> rules = new TreeMap<>(before.rules());
        List<Delivery> out = new ArrayList<>(before.pending());
        Map<String, Problem> observed = new LinkedHashMap<>();
        now.open().forEach(problem -> observed.putIfAbsent(problem.rule(), problem));
        String id = now.resourceId();
        List<Finding> remediated = new ArrayList<>();

        if (now.exempt()) {
            Instant exemptSince = before.exemptSince() != null ? before.exemptSince() : at;
            if (before.exemptSince() == null) {
                out.add(new Delivery(key(guardrail, id, EXEMPT, version), exemptNotice(guardrail, id, observed),
                        true, Delivery.Hub.NONE, at, EXEMPT));
            }
            observed.forEach((rule, problem) -> {
                RuleRecord record = rules.get(rule);
                rules.put(rule, record == null ? RuleRecord.opened(problem.state(), at)
                        : record.state().equals(problem.state()) ? record : record.changedTo(problem.state()));
            });
            for (String rule : List.copyOf(rules.keySet())) {
                if (!observed.containsKey(rule)) {
                    RuleRecord gone = rules.remove(rule);
                    if (gone.alertedState() != null) { // quietly: Security Hub's open finding is resolved
                        out.add(new Delivery(key(guardrail, id, rule, version) + "|resolved", recovery(guardrail, now,
                                rule, gone), false, Delivery.Hub.RESOLVE, gone.openSince(), rule));
                    }
                }
            }
            return new Outcome(new ResourceRecord(rules, exemptSince, out, version), List.of());
        }

        for (Problem problem : observed.values()) {
            String rule = problem.rule();
            RuleRecord record = rules.get(rule);
            boolean known = record != null;
            if (record == null) {
                record = RuleRecord.opened(problem.state(), at);
            } else if (!record.state().equals(problem.state())) {
                record = record.changedTo(problem.state());
            }
            String key = key(guardrail, id, rule, version);
            Finding finding = problem.finding();
            Remediation fix = problem.remediation();
            boolean tryFix = mode == Mode.REMEDIATE && fix != null && !record.gaveUp() && settled(record, fix, at);
            if (tryFix && fix.settlesWithin() != null && record.attempts() >= MAX_ATTEMPTS) {
                // Started as often as a fix is tried, and each had time to show: it does not work here.
                record = record.gaveUpBecause("the problem was still there after the last start had time to show");
                out.add(open(key, finding.notFixed("Tried to " + fix.description() + " " + record.attempts()
                        + " times; the problem was still there after the last start had time to show. No further"
                        + " attempts until the problem changes." + openSince(record, known)), record));
                rules.put(rule, record.alertedNow(at).seenIn(mode));
                continue;
            }
            if (tryFix) {
                String done;
                try {
                    done = fix.act().get();
                } catch (Remediation.Deferred later) {
                    if (!record.alerted()) {
                        out.add(open(key, finding.withActionTaken(later.getMessage()), record));
                        record = record.alertedNow(at);
                    }
                    rules.put(rule, record.seenIn(mode));
                    continue;
                } catch (Claims.ClaimHeldElsewhere acting) {
                    throw acting; // another run is fixing it right now: this one is retried, not a failed attempt
                } catch (Remediation.Refused refused) {
                    remediated.add(finding);
                    record = record.attempted(at, refused.getMessage(), true);
                    out.add(open(key, finding.notFixed("Tried to " + fix.description() + ", but "
                            + refused.getMessage() + ". No further attempts until the problem changes."
                            + openSince(record, known)).instead(refused.advice(), refused.commands()), record));
                    rules.put(rule, record.alertedNow(at).seenIn(mode));
                    continue;
                } catch (RuntimeException failure) {
                    remediated.add(finding);
                    boolean permanent = isPermanent(failure);
                    String error = describe(failure);
                    record = record.attempted(at, error, permanent || record.attempts() + 1 >= MAX_ATTEMPTS);
                    if (record.gaveUp()) {
                        out.add(open(key, couldNotFix(finding, fix, record, permanent, openSince(record, known)),
                                record));
                        record = record.alertedNow(at);
                    } else if (!record.alerted()) {
                        out.add(open(key, finding.withActionTaken("Tried to " + fix.description() + ", but it failed ("
                                + error + "); the guardrail tries again on its next run (attempt " + record.attempts()
                                + " of " + MAX_ATTEMPTS + ")."), record));
                        record = record.alertedNow(at);
                    }
                    rules.put(rule, record.seenIn(mode));
                    continue;
                }
                remediated.add(finding);
                record = record.attempted(at, null, false);
                String since = openSince(record, known);
                if (fix.settlesWithin() == null) {
                    rules.remove(rule); // fixed: closed in every channel
                    out.add(new Delivery(key + "|fixed", finding.fixed(fix, done + " Fixed by " + guardrail
                            + " at " + at + "." + since), true, Delivery.Hub.FIXED, record.openSince(), rule));
                    continue;
                }
                if (!record.alerted() || record.attempts() == 1) {
                    out.add(open(key + Delivery.ACTED, finding.fixStarted(fix, done + since), record));
                    record = record.alertedNow(at);
                }
                rules.put(rule, record.seenIn(mode));
                continue;
            }
            if (!record.alerted()) {
                out.add(open(key, finding.withActionTaken(untried(finding, fix, record, mode, known)), record));
                record = record.alertedNow(at);
            } else if (record.hubImportedAt() == null || !record.hubImportedAt().plus(HUB_REFRESH).isAfter(at)) {
                Finding unchanged = finding.withActionTaken(untried(finding, fix, record, mode, known));
                out.add(new Delivery(key + "|refresh", unchanged, false, Delivery.Hub.IMPORT, record.openSince(),
                        rule));
                record = record.importedNow(at);
            }
            rules.put(rule, record.seenIn(mode));
        }

        for (String rule : List.copyOf(rules.keySet())) {
            if (observed.containsKey(rule)) {
                continue;
            }
            RuleRecord gone = rules.remove(rule);
            out.add(new Delivery(key(guardrail, id, rule, version) + "|closed", recovery(guardrail, now, rule, gone),
                    gone.alertedState() != null, Delivery.Hub.RESOLVE, gone.openSince(), rule));
        }
        return new Outcome(new ResourceRecord(rules, null, out, version), remediated);
    }

    private static Delivery open(String key, Finding finding, RuleRecord record) {
        return new Delivery(key, finding, true, Delivery.Hub.IMPORT, record.openSince(), finding.rule());
    }

    /**
     * A fix whose effect shows later (settlesWithin) is not started again before it could have shown; a start that
     * failed started nothing, so the next run tries again, as its alert says.
     */
    private static boolean settled(RuleRecord record, Remediation fix, Instant at) {
        return fix.settlesWithin() == null || record.lastAttemptAt() == null || record.lastError() != null
                || !record.lastAttemptAt().plus(fix.settlesWithin()).isAfter(at);
    }

    /** What the alert says was done when no fix ran in this run. */
    private static String untried(Finding finding, Remediation fix, RuleRecord record, Mode mode, boolean known) {
        if (fix == null) {
            return finding.actionTaken();
        }
        if (mode != Mode.REMEDIATE) {
            return fix.wouldDo();
        }
        if (record.gaveUp()) {
            return "None: the guardrail stopped trying after " + record.attempts() + " attempt(s) (last error: "
                    + record.lastError() + "); it tries again when the problem changes.";
        }
        return "Started earlier (" + record.lastAttemptAt() + "); waiting for its effect to show."
                + openSince(record, known);
    }

    /** For a problem known before this run: since when it was open. */
    private static String openSince(RuleRecord record, boolean known) {
        return known ? " Open since " + record.openSince() + "." : "";
    }

    static Finding couldNotFix(Finding finding, Remediation fix, RuleRecord record, boolean permanent,
                               String since) {
        String why = permanent
                ? "AWS refused it (" + record.lastError() + "), which a retry cannot change"
                : "it failed " + record.attempts() + " times; the last error: " + record.lastError();
        return finding.notFixed("Tried to " + fix.description() + ", but " + why + ". No further attempts until the"
                + " problem changes." + since);
    }

    private static Finding recovery(String guardrail, Examined now, String rule, RuleRecord gone) {
        Optional<Finding> own = now.recovery() == null ? Optional.empty()
                : now.recovery().apply(new Examined.Closed(rule, gone.state(), gone.openSince()));
        return own.orElseGet(() -> new Finding(guardrail, rule + "_CLOSED", Severity.INFO, now.resourceId(), List.of(),
                rule + " is no longer seen on " + now.resourceId(),
                "Open since " + gone.openSince() + " (" + gone.state() + "); this run no longer sees it.",
                "A problem reported and then closed is worth knowing about.", "None.", "Nothing to do."));
    }

    public static Finding exemptNotice(String guardrail, String resourceId, Map<String, Problem> open) {
        String problems = open.isEmpty() ? "no problem is open on it now"
                : "open on it now: " + String.join("; ", open.values().stream().map(p -> p.finding().title()).toList());
        return new Finding(guardrail, EXEMPT, Severity.INFO, resourceId, List.of(),
                resourceId + " is exempt from " + guardrail + ": its problems are recorded, not alerted or fixed",
                "The resource is tagged " + Exemption.TAG_KEY + " = true; " + problems + ".",
                "An exemption silences a guardrail on a resource; it is announced once so that it cannot hide a"
                        + " problem unnoticed. CloudTrail records who set the tag (CreateTags, AddTags, TagResource).",
                "None: the resource is exempt.",
                "If the exemption is not intended, remove the tag " + Exemption.TAG_KEY
                        + "; its open problems are then alerted (and fixed in REMEDIATE mode).");
    }

    /**
     * A refusal a retry cannot change: a 4xx that is not throttling, a clock skew or an error the SDK itself deems
     * retryable (a 400 RequestTimeout, say): the request itself is refused.
     */
    static boolean isPermanent(RuntimeException failure) {
        if (!(failure instanceof SdkServiceException service)) {
            return false;
        }
        int status = service.statusCode();
        return status >= 400 && status < 500 && status != 429 && !service.isThrottlingException()
                && !service.isClockSkewException() && !service.retryable();
    }

    /** The AWS error code and status, or the failure's type: never a message that may quote a request. */
    static String describe(RuntimeException failure) {
        if (failure instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode() + ", HTTP " + aws.statusCode();
        }
        return failure.getClass().getSimpleName();
    }

    static String key(String guardrail, String resourceId, String rule, long version) {
        return guardrail + "|" + rule + "|" + resourceId + "|v" + version;
    }
}
