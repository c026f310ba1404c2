package guardrails.shared.lifecycle;

import guardrails.shared.config.Mode;
import guardrails.shared.findings.Delivery;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Remediation;
import guardrails.shared.findings.Severity;
import guardrails.shared.reporting.Tracker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lifecycle's decisions, run by run, for an RDP rule open to the world on sg-1: what is alerted, acted on,
 * re-imported, resolved, or left quiet, and what the record keeps.
 */
class FindingLifecycleTest {

    static final String G = "G5-network-exposure";
    static final String RULE = "RDP_OPEN_TO_WORLD";
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    final AtomicInteger fixes = new AtomicInteger();
    final List<RuntimeException> failures = new ArrayList<>();

    static Finding finding(String rule) {
        return new Finding(G, rule, Severity.CRITICAL, "sg-1", List.of(), "RDP is open on sg-1", "seen", "why",
                "None.", "Revoke it.");
    }

    /** Revokes, unless a failure is queued: then throws it. */
    Remediation revoke() {
        return new Remediation("revoke sgr-1 on sg-1", () -> {
            fixes.incrementAndGet();
            if (!failures.isEmpty()) {
                throw failures.remove(0);
            }
            return "Revoked sgr-1 on sg-1.";
        });
    }

    Examined open(String state, Remediation fix) {
        return new Examined("sg-1", false, List.of(new Problem(finding(RULE), state, fix)),
                closed -> Optional.of(new Finding(G, "NETWORK_EXPOSURE_CLOSED", Severity.INFO, "sg-1", List.of(),
                        "closed (was " + closed.state() + " since " + closed.openSince() + ")", "s", "w", "None.",
                        "Nothing.")));
    }

    Examined healthy() {
        return new Examined("sg-1", false, List.of(), open("x", null).recovery());
    }

    static Lifecycle.Outcome run(ResourceRecord before, Examined now, Mode mode, Instant at) {
        return Lifecycle.step(G, before, now, mode, at);
    }

    /** What a run sends, once the earlier pending messages were delivered. */
    static List<Delivery> sent(Lifecycle.Outcome outcome) {
        return outcome.after().pending();
    }

    static ResourceRecord delivered(Lifecycle.Outcome outcome) {
        return outcome.after().withoutPending();
    }

    static AwsServiceException aws(int status, String code) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("quoted request").build())
                .build();
    }

    @Test
    void aProblemFoundInAlertModeIsAlertedOnceSayingWhatRemediateWouldDo() {
        var first = run(ResourceRecord.NONE, open("sgr-1", revoke()), Mode.ALERT, T0);

        assertEquals(1, sent(first).size());
        Delivery alert = sent(first).get(0);
        assertTrue(alert.alert());
        assertEquals(Delivery.Hub.IMPORT, alert.hub());
        assertEquals(T0, alert.openSince());
        assertTrue(alert.finding().actionTaken().startsWith("Nothing (mode is ALERT). In REMEDIATE mode the guardrail"
                + " would revoke sgr-1 on sg-1."), alert.finding().actionTaken());
        RuleRecord record = first.after().rules().get(RULE);
        assertEquals("sgr-1", record.alertedState());
        assertEquals(Mode.ALERT, record.lastMode());

        var second = run(delivered(first), open("sgr-1", revoke()), Mode.ALERT, T0.plusSeconds(3600));
        assertTrue(sent(second).isEmpty(), "old news");
        assertEquals(0, fixes.get(), "ALERT acts on nothing");
    }

    @Test
    void aProblemKnownFromAnAlertPeriodIsFixedOnTheFirstRunInRemediateAndClosedEverywhere() {
        var alerted = delivered(run(ResourceRecord.NONE, open("sgr-1", revoke()), Mode.ALERT, T0));

        var fixed = run(alerted, open("sgr-1", revoke()), Mode.REMEDIATE, T0.plus(Duration.ofDays(7)));

        assertEquals(1, fixes.get());
        assertEquals(1, sent(fixed).size());
        Delivery done = sent(fixed).get(0);
        assertEquals(Delivery.Hub.FIXED, done.hub(), "Security Hub: imported, then resolved");
        assertEquals(RULE, done.rule());
        assertTrue(done.acted());
        assertEquals("Revoked sgr-1 on sg-1. Fixed by " + G + " at " + T0.plus(Duration.ofDays(7)) + ". Open since "
                + T0 + ".", done.finding().actionTaken());
        assertFalse(fixed.after().rules().containsKey(RULE), "closed");
        assertEquals(1, fixed.remediated().size());

        var afterwards = run(delivered(fixed), healthy(), Mode.REMEDIATE, T0.plus(Duration.ofDays(8)));
        assertTrue(sent(afterwards).isEmpty(), "its own fix is not news again");
    }

    @Test
    void backInAlertModeNothingActsAndAReopenedProblemIsNewsAgain() {
        var fixed = delivered(run(ResourceRecord.NONE, open("sgr-1", revoke()), Mode.REMEDIATE, T0));
        assertEquals(1, fixes.get());

        var reopened = run(fixed, open("sgr-2", revoke()), Mode.ALERT, T0.plusSeconds(60));

        assertEquals(1, fixes.get(), "nothing acts in ALERT mode");
        assertEquals(1, sent(reopened).size());
        assertTrue(sent(reopened).get(0).finding().actionTaken().startsWith("Nothing (mode is ALERT)."));
    }

    @Test
    void aFixThrottledTwiceIsFixedOnTheThirdRunWithOneAlert() {
        var alerted = delivered(run(ResourceRecord.NONE, open("sgr-1", revoke()), Mode.ALERT, T0));
        failures.add(aws(400, "Throttling"));
        failures.add(aws(503, "ServiceUnavailable"));

        var first = run(alerted, open("sgr-1", revoke()), Mode.REMEDIATE, T0.plusSeconds(60));
        assertTrue(sent(first).isEmpty(), "already alerted: a passing failure is quiet");
        assertEquals(1, first.after().rules().get(RULE).attempts());
        assertEquals("Throttling, HTTP 400", first.after().rules().get(RULE).lastError());

        var second = run(delivered(first), open("sgr-1", revoke()), Mode.REMEDIATE, T0.plusSeconds(120));
        assertTrue(sent(second).isEmpty());
        assertEquals(2, second.after().rules().get(RULE).attempts());

        var third = run(delivered(second), open("sgr-1", revoke()), Mode.REMEDIATE, T0.plusSeconds(180));
        assertEquals(List.of(Delivery.Hub.FIXED), sent(third).stream().map(Delivery::hub).toList());
        assertEquals(3, fixes.get());
    }

    @Test
    void aNewProblemWhoseFirstFixFailsIsAlertedWithTheRetryToCome() {
        failures.add(aws(500, "InternalError"));

        var first = run(ResourceRecord.NONE, open("sgr-1", revoke()), Mode.REMEDIATE, T0);

        assertEquals(1, sent(first).size());
        assertEquals("Tried to revoke sgr-1 on sg-1, but it failed (InternalError, HTTP 500); the guardrail tries"
                + " again on its next run (attempt 1 of 3).", sent(first).get(0).finding().actionTaken());
        assertEquals(Severity.CRITICAL, sent(first).get(0).finding().severity());
    }

    @Test
    void threePassingFailuresGiveOneCouldNotFixAndNoMoreAttemptsUntilTheProblemChanges() {
        var record = delivered(run(ResourceRecord.NONE, open("sgr-1", revoke()), Mode.ALERT, T0));
        List<Delivery> all = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            failures.add(aws(503, "RequestLimitExceeded"));
            var outcome = run(record, open("sgr-1", revoke()), Mode.REMEDIATE, T0.plusSeconds(60L * i));
            all.addAll(sent(outcome));
            record = delivered(outcome);
        }
        assertEquals(1, all.size(), "quiet twice, then one alert");
        Finding gaveUp = all.get(0).finding();
        assertEquals(Severity.CRITICAL, gaveUp.severity());
        assertEquals("Could not fix: RDP is open on sg-1", gaveUp.title());
        assertTrue(gaveUp.actionTaken().contains("it failed 3 times; the last error: RequestLimitExceeded, HTTP 503"),
                gaveUp.actionTaken());
        assertTrue(gaveUp.operatorAction().startsWith("Fix it by hand: "));
        assertTrue(record.rules().get(RULE).gaveUp());

        var fourth = run(record, open("sgr-1", revoke()), Mode.REMEDIATE, T0.plusSeconds(600));
        assertTrue(sent(fourth).isEmpty());
        assertEquals(3, fixes.get(), "no fourth attempt");

        var changed = run(delivered(fourth), open("sgr-1 sgr-2", revoke()), Mode.REMEDIATE, T0.plusSeconds(660));
        assertEquals(4, fixes.get(), "a changed problem is tried afresh");
        assertEquals(List.of(Delivery.Hub.FIXED), sent(changed).stream().map(Delivery::hub).toList());
    }

    @Test
    void aRefusalARetryCannotChangeIsSaidOnceAtOnceAndNeverRetried() {
        failures.add(aws(400, "InvalidConfigurationRequest"));

        var refused = run(ResourceRecord.NONE, open("sgr-1", revoke()), Mode.REMEDIATE, T0);

        Finding said = sent(refused).get(0).finding();
        assertEquals(Severity.CRITICAL, said.severity());
        assertTrue(said.actionTaken().contains("AWS refused it (InvalidConfigurationRequest, HTTP 400), which a retry"
                + " cannot change"), said.actionTaken());
        assertFalse(said.actionTaken().contains("quoted request"), "AWS's message may quote the request");
        var later = run(delivered(refused), open("sgr-1", revoke()), Mode.REMEDIATE, T0.plusSeconds(60));
        assertTrue(sent(later).isEmpty());
        assertEquals(1, fixes.get());
    }

    @Test
    void aDeferredFixIsNoAttemptAndIsTriedOnTheNextRun() {
        Remediation later = new Remediation("update", () -> {
            throw new Remediation.Deferred("None yet: this run's budget is spent.");
        });

        var deferred = run(ResourceRecord.NONE, open("sgr-1", later), Mode.REMEDIATE, T0);

        assertEquals("None yet: this run's budget is spent.", sent(deferred).get(0).finding().actionTaken());
        assertEquals(0, deferred.after().rules().get(RULE).attempts());
        var next = run(delivered(deferred), open("sgr-1", revoke()), Mode.REMEDIATE, T0.plusSeconds(3600));
        assertEquals(1, fixes.get());
        assertEquals(Delivery.Hub.FIXED, sent(next).get(0).hub());
    }

    @Test
    void aFixWhoseEffectShowsLaterIsNotStartedAgainBeforeItCouldShowAndGivesUpAfterThreeStarts() {
        Remediation update = new Remediation("run Update-MpSignature", () -> {
            fixes.incrementAndGet();
            return "Started Update-MpSignature.";
        }, Duration.ofHours(24));
        var started = run(ResourceRecord.NONE, open("CRITICAL", update), Mode.REMEDIATE, T0);
        assertEquals(1, sent(started).size());
        assertTrue(sent(started).get(0).acted(), "an action's alert always goes alone");
        assertTrue(started.after().rules().containsKey(RULE), "open until the node reports again");

        var hourLater = run(delivered(started), open("CRITICAL", update), Mode.REMEDIATE, T0.plusSeconds(3600));
        assertEquals(1, fixes.get(), "not started again within a day");
        assertTrue(sent(hourLater).isEmpty());

        ResourceRecord record = delivered(hourLater);
        for (int day = 1; day <= 2; day++) {
            var again = run(record, open("CRITICAL", update), Mode.REMEDIATE, T0.plus(Duration.ofHours(25L * day)));
            assertTrue(sent(again).isEmpty(), "started again quietly");
            record = delivered(again);
        }
        assertEquals(3, fixes.get());
        var gaveUp = run(record, open("CRITICAL", update), Mode.REMEDIATE, T0.plus(Duration.ofHours(100)));
        assertEquals(3, fixes.get(), "three starts that did not help: no fourth");
        assertTrue(sent(gaveUp).get(0).finding().title().startsWith("Could not fix: "));
    }

    @Test
    void aProblemClosedBySomeoneElseSaysSoInTheGuardrailsWordsAndResolvesSecurityHub() {
        var alerted = delivered(run(ResourceRecord.NONE, open("sgr-1", revoke()), Mode.ALERT, T0));

        var closed = run(alerted, healthy(), Mode.ALERT, T0.plusSeconds(60));

        Delivery recovery = sent(closed).get(0);
        assertEquals("NETWORK_EXPOSURE_CLOSED", recovery.finding().rule());
        assertEquals("closed (was sgr-1 since " + T0 + ")", recovery.finding().title());
        assertEquals(Delivery.Hub.RESOLVE, recovery.hub());
        assertEquals(RULE, recovery.rule(), "the closed rule's finding is resolved, not the recovery's");
        assertTrue(recovery.alert());
        assertTrue(closed.after().rules().isEmpty());
    }

    @Test
    void withoutWordsOfItsOwnAClosedProblemGetsAPlainOne() {
        var alerted = delivered(run(ResourceRecord.NONE, open("sgr-1", revoke()), Mode.ALERT, T0));

        var closed = run(alerted, new Examined("sg-1", false, List.of(), c -> Optional.empty()), Mode.ALERT,
                T0.plusSeconds(60));

        Finding plain = sent(closed).get(0).finding();
        assertEquals(RULE + "_CLOSED", plain.rule());
        assertEquals(Severity.INFO, plain.severity());
    }

    @Test
    void anExemptResourceIsAnnouncedOnceNeverFixedAndItsProblemsAreNewsWhenTheTagGoes() {
        Examined exempt = new Examined("sg-1", true, open("sgr-1", revoke()).open(), healthy().recovery());

        var first = run(ResourceRecord.NONE, exempt, Mode.REMEDIATE, T0);
        assertEquals(1, sent(first).size());
        Delivery notice = sent(first).get(0);
        assertEquals(Lifecycle.EXEMPT, notice.finding().rule());
        assertEquals(Severity.INFO, notice.finding().severity());
        assertEquals(Delivery.Hub.NONE, notice.hub());
        assertTrue(notice.finding().title().startsWith("sg-1 is exempt from " + G));
        assertTrue(notice.finding().seen().contains("RDP is open on sg-1"), "names what it hides");
        assertEquals(T0, first.after().exemptSince());
        assertEquals(0, fixes.get());

        var second = run(delivered(first), exempt, Mode.REMEDIATE, T0.plusSeconds(3600));
        assertTrue(sent(second).isEmpty(), "said once");

        var lifted = run(delivered(second), open("sgr-1", revoke()), Mode.REMEDIATE, T0.plusSeconds(7200));
        assertEquals(1, fixes.get(), "the tag gone, the known problem is fixed");
        assertNull(lifted.after().exemptSince());
        assertEquals("Revoked sgr-1 on sg-1. Fixed by " + G + " at " + T0.plusSeconds(7200) + ". Open since " + T0
                + ".", sent(lifted).get(0).finding().actionTaken());
    }

    @Test
    void anOpenProblemIsImportedAgainBeforeSecurityHubWouldDropItWithItsFirstSeenTime() {
        var alerted = delivered(run(ResourceRecord.NONE, open("sgr-1", null), Mode.ALERT, T0));

        var day29 = run(alerted, open("sgr-1", null), Mode.ALERT, T0.plus(Duration.ofDays(29)));
        assertTrue(sent(day29).isEmpty());
        var day31 = run(delivered(day29), open("sgr-1", null), Mode.ALERT, T0.plus(Duration.ofDays(31)));

        assertEquals(1, sent(day31).size());
        Delivery refresh = sent(day31).get(0);
        assertFalse(refresh.alert(), "no email");
        assertEquals(Delivery.Hub.IMPORT, refresh.hub());
        assertEquals(T0, refresh.openSince(), "CreatedAt stays the first sighting");
        assertEquals(T0.plus(Duration.ofDays(31)), day31.after().rules().get(RULE).hubImportedAt());
    }

    @Test
    void messagesNotYetDeliveredComeFirstAndStayUntilDelivered() {
        var undelivered = run(ResourceRecord.NONE, open("sgr-1", revoke()), Mode.ALERT, T0).after();

        var next = run(undelivered, open("sgr-1", revoke()), Mode.ALERT, T0.plusSeconds(60));

        assertEquals(undelivered.pending(), next.after().pending());
        assertEquals(undelivered.version() + 1, next.after().version());
    }

    @Test
    void onlyRefusalsOfTheRequestItselfArePermanent() {
        assertTrue(Lifecycle.isPermanent(aws(403, "AccessDenied")));
        assertTrue(Lifecycle.isPermanent(aws(400, "InvalidPermission.NotFound")));
        assertFalse(Lifecycle.isPermanent(aws(400, "Throttling")), "throttling, whatever its status");
        assertFalse(Lifecycle.isPermanent(aws(429, "TooManyRequestsException")));
        assertFalse(Lifecycle.isPermanent(aws(500, "InternalError")));
        assertFalse(Lifecycle.isPermanent(new IllegalStateException("a broken connection")));
        assertEquals("AccessDenied, HTTP 403", Lifecycle.describe(aws(403, "AccessDenied")));
        assertEquals("IllegalStateException", Lifecycle.describe(new IllegalStateException("secret=xyz")));
    }

    @Test
    void theRecordSurvivesItsStoredForm() {
        var record = run(ResourceRecord.NONE, open("sgr-1", revoke()), Mode.ALERT, T0).after();
        RuleRecord full = new RuleRecord("sgr-1", T0, "sgr-1", Mode.REMEDIATE, 2, T0.plusSeconds(5), "Throttling, HTTP"
                + " 400", true, T0.plusSeconds(9));
        ResourceRecord stored = new ResourceRecord(java.util.Map.of(RULE, full, "OTHER", RuleRecord.opened("x", T0)),
                T0, record.pending(), 7);

        ResourceRecord read = DynamoDbLifecycleStore.decode(DynamoDbLifecycleStore.encode(stored), 7);

        assertEquals(stored, read);
        assertNotNull(read.pending().get(0).finding());
    }

    @Test
    void twoEntriesForOneResourceAreTrackedAsOneSoItsRecordIsWrittenOnce() {
        Examined a = open("sgr-1", null);
        Examined b = new Examined("sg-1", false, List.of(Problem.alertOnly(finding("OTHER_RULE"), "x")),
                c -> Optional.empty());

        List<Examined> merged = Tracker.oneEach(List.of(a, b, healthy()));

        assertEquals(1, merged.size());
        assertEquals(List.of(RULE, "OTHER_RULE"), merged.get(0).open().stream().map(Problem::rule).toList());
    }
}
