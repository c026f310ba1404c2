package guardrails.shared.lifecycle;

import guardrails.shared.config.Mode;
import guardrails.shared.findings.Delivery;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Remediation;
import guardrails.shared.findings.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Lifecycle#step} run by run, as in the field: a security group sg-0abc with RDP open to the world, found in
 * ALERT mode or REMEDIATE mode, fixed, failing, refused, deferred, exempt, closed by someone else, or left open long
 * enough for Security Hub to need it again. Everything is plain values and lambdas; the only side effect is the fix.
 */
class LifecycleTest {

    static final String G = "G5-network-exposure";
    static final String RULE = "RDP_OPEN_TO_WORLD";
    static final String OTHER_RULE = "SSH_OPEN_TO_WORLD";
    static final String SG = "sg-0abc";
    static final Instant T0 = Instant.parse("2027-03-01T08:00:00Z");
    static final String REVOKED = "Revoked sgr-1 (RDP from 0.0.0.0/0) on sg-0abc.";

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    /** A fix that counts its runs and plays a script: each queued failure is thrown once, then it succeeds. */
    static final class ScriptedFix {
        final String description;
        final String done;
        final Duration settlesWithin;
        final Deque<RuntimeException> failures = new ArrayDeque<>();
        int calls;

        ScriptedFix(String description, String done, Duration settlesWithin) {
            this.description = description;
            this.done = done;
            this.settlesWithin = settlesWithin;
        }

        ScriptedFix failingWith(RuntimeException... these) {
            failures.addAll(List.of(these));
            return this;
        }

        Remediation remediation() {
            return new Remediation(description, () -> {
                calls++;
                RuntimeException next = failures.poll();
                if (next != null) {
                    throw next;
                }
                return done;
            }, settlesWithin);
        }
    }

    static ScriptedFix revoke() {
        return new ScriptedFix("revoke sgr-1 on sg-0abc", REVOKED, null);
    }

    static ScriptedFix updateSignatures() {
        return new ScriptedFix("run Update-MpSignature on the node", "Started Update-MpSignature.",
                Duration.ofHours(24));
    }

    static Finding finding(String rule) {
        return new Finding(G, rule, Severity.CRITICAL, SG, List.of("vpc-1"), "RDP open to the world on " + SG,
                "sgr-1 allows 0.0.0.0/0 on 3389", "RDP facing the internet is brute-forced within hours",
                "None.", "Revoke the rule.");
    }

    /** What the guardrail says when a problem it alerted is gone. */
    static final Function<Examined.Closed, Optional<Finding>> WORDS = closed -> Optional.of(new Finding(G,
            "NETWORK_EXPOSURE_CLOSED", Severity.INFO, SG, List.of(), "No longer open: " + closed.rule() + " was "
            + closed.state() + " since " + closed.openSince(), "s", "w", "None.", "Nothing."));

    static Examined open(String state, ScriptedFix fix) {
        return new Examined(SG, false, List.of(new Problem(finding(RULE), state, fix == null ? null
                : fix.remediation())), WORDS);
    }

    static Examined exempt(String state, ScriptedFix fix) {
        return new Examined(SG, true, open(state, fix).open(), WORDS);
    }

    static Examined healthy() {
        return new Examined(SG, false, List.of(), WORDS);
    }

    static Lifecycle.Outcome run(ResourceRecord before, Examined now, Mode mode, Instant at) {
        return Lifecycle.step(G, before, now, mode, at);
    }

    /** The messages this run decided (the record it was given had none left). */
    static List<Delivery> sent(Lifecycle.Outcome outcome) {
        return outcome.after().pending();
    }

    /** The record as the Tracker leaves it once the run's messages are out. */
    static ResourceRecord delivered(Lifecycle.Outcome outcome) {
        return outcome.after().withoutPending();
    }

    static RuleRecord rule(Lifecycle.Outcome outcome) {
        return outcome.after().rules().get(RULE);
    }

    static Delivery only(Lifecycle.Outcome outcome) {
        assertEquals(1, sent(outcome).size(), () -> "expected exactly one message, got " + sent(outcome));
        return sent(outcome).get(0);
    }

    static AwsServiceException aws(int status, String code) {
        return AwsServiceException.builder().statusCode(status).message("message quoting the request: secret=42")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code)
                        .errorMessage("error message quoting the request: secret=42").build())
                .build();
    }

    static AwsServiceException throttling() {
        return AwsServiceException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").build()).build();
    }

    static AwsServiceException unavailable() {
        return AwsServiceException.builder().statusCode(503)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ServiceUnavailable").build()).build();
    }

    /** A record of the problem alerted in ALERT mode at T0, its message delivered. */
    static ResourceRecord alertedInAlertModeAtT0(String state) {
        return delivered(run(ResourceRecord.NONE, open(state, revoke()), Mode.ALERT, T0));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // ALERT mode, then REMEDIATE, then ALERT again

    @Test
    void aProblemFoundInAlertModeIsAlertedOnceWithWhatRemediateWouldDoAndNothingActs() {
        ScriptedFix fix = revoke();

        var first = run(ResourceRecord.NONE, open("sgr-1", fix), Mode.ALERT, T0);

        Delivery alert = only(first);
        assertTrue(alert.alert(), "email and chat get it");
        assertEquals(Delivery.Hub.IMPORT, alert.hub());
        assertEquals(RULE, alert.rule());
        assertEquals(T0, alert.openSince());
        assertFalse(alert.acted(), "nothing was done");
        assertTrue(alert.finding().actionTaken().startsWith("Nothing (mode is ALERT)"), alert.finding().actionTaken());
        assertEquals("Nothing (mode is ALERT). In REMEDIATE mode the guardrail would revoke sgr-1 on sg-0abc.",
                alert.finding().actionTaken());
        assertEquals(Severity.CRITICAL, alert.finding().severity(), "the guardrail's own severity");
        assertEquals(0, fix.calls, "ALERT mode never runs the fix");
        assertTrue(first.remediated().isEmpty());

        RuleRecord record = rule(first);
        assertNotNull(record);
        assertEquals("sgr-1", record.state());
        assertEquals(record.state(), record.alertedState());
        assertEquals(Mode.ALERT, record.lastMode());
        assertEquals(T0, record.openSince());
        assertEquals(T0, record.hubImportedAt());
        assertEquals(0, record.attempts());
        assertFalse(record.gaveUp());
        assertNull(first.after().exemptSince());
        assertEquals(1, first.after().version());
    }

    @Test
    void theSameProblemInTheSameStateOnTheNextAlertRunIsOldNews() {
        ScriptedFix fix = revoke();
        ResourceRecord before = alertedInAlertModeAtT0("sgr-1");

        var second = run(before, open("sgr-1", fix), Mode.ALERT, T0.plus(Duration.ofHours(1)));

        assertEquals(before.pending(), second.after().pending(), "no new message");
        assertTrue(sent(second).isEmpty());
        assertEquals(0, fix.calls);
        assertEquals(before.rules(), second.after().rules(), "nothing new to record");
    }

    @Test
    void aProblemWhoseStateChangesInAlertModeIsAlertedAgainWithItsFirstSeenTime() {
        ResourceRecord before = alertedInAlertModeAtT0("sgr-1");
        Instant later = T0.plus(Duration.ofHours(2));

        var changed = run(before, open("sgr-1 sgr-2", revoke()), Mode.ALERT, later);

        Delivery alert = only(changed);
        assertTrue(alert.alert());
        assertEquals(Delivery.Hub.IMPORT, alert.hub());
        assertEquals(T0, alert.openSince(), "the same problem, open since its first sighting");
        assertEquals("sgr-1 sgr-2", rule(changed).alertedState());
        assertEquals(later, rule(changed).hubImportedAt());
    }

    @Test
    void aProblemFoundInAlertModeIsFixedOnTheFirstRunInRemediate() {
        ResourceRecord alerted = alertedInAlertModeAtT0("sgr-1");
        ScriptedFix fix = revoke();
        Instant weekLater = T0.plus(Duration.ofDays(7));

        var fixed = run(alerted, open("sgr-1", fix), Mode.REMEDIATE, weekLater);

        assertEquals(1, fix.calls, "the fix runs once");
        Delivery done = only(fixed);
        assertEquals(Delivery.Hub.FIXED, done.hub(), "Security Hub: imported, then resolved");
        assertTrue(done.alert());
        assertTrue(done.acted());
        assertEquals(RULE, done.rule());
        assertEquals(T0, done.openSince());
        String said = done.finding().actionTaken();
        assertTrue(said.contains(REVOKED), said);
        assertTrue(said.contains("Open since " + T0), said);
        assertTrue(said.contains("Fixed by " + G + " at " + weekLater), said);
        assertEquals(REVOKED + " Fixed by " + G + " at " + weekLater + ". Open since " + T0 + ".", said);
        assertFalse(fixed.after().rules().containsKey(RULE), "closed in every channel: no record left");
        assertEquals(List.of(finding(RULE)), fixed.remediated());
    }

    @Test
    void aProblemFixedByTheGuardrailIsNotNewsWhenTheNextRunNoLongerSeesIt() {
        var fixed = run(alertedInAlertModeAtT0("sgr-1"), open("sgr-1", revoke()), Mode.REMEDIATE, T0.plusSeconds(60));

        var next = run(delivered(fixed), healthy(), Mode.REMEDIATE, T0.plusSeconds(120));

        assertTrue(sent(next).isEmpty(), "no recovery alert for the guardrail's own fix");
        assertTrue(next.after().rules().isEmpty());
    }

    @Test
    void backInAlertModeAProblemThatReappearsIsAlertedAsNewAndNothingActs() {
        var fixed = run(alertedInAlertModeAtT0("sgr-1"), open("sgr-1", revoke()), Mode.REMEDIATE, T0.plusSeconds(60));
        assertEquals(Delivery.Hub.FIXED, only(fixed).hub());
        ScriptedFix fix = revoke();
        Instant reopenedAt = T0.plus(Duration.ofDays(1));

        var reopened = run(delivered(fixed), open("sgr-1", fix), Mode.ALERT, reopenedAt);

        assertEquals(0, fix.calls, "nothing acts in ALERT mode");
        Delivery alert = only(reopened);
        assertTrue(alert.alert());
        assertEquals(Delivery.Hub.IMPORT, alert.hub());
        assertEquals(reopenedAt, alert.openSince(), "a new problem, open since now");
        assertTrue(alert.finding().actionTaken().startsWith("Nothing (mode is ALERT)"));
        assertFalse(alert.finding().actionTaken().contains("Open since"), "new: no earlier sighting to name");
        assertEquals(Mode.ALERT, rule(reopened).lastMode());
        assertTrue(reopened.remediated().isEmpty());
    }

    @Test
    void aNewProblemInRemediateModeIsFixedAtOnceWithoutAnOpenSinceLine() {
        ScriptedFix fix = revoke();

        var fixed = run(ResourceRecord.NONE, open("sgr-1", fix), Mode.REMEDIATE, T0);

        assertEquals(1, fix.calls);
        Delivery done = only(fixed);
        assertEquals(Delivery.Hub.FIXED, done.hub());
        assertEquals(REVOKED + " Fixed by " + G + " at " + T0 + ".", done.finding().actionTaken());
        assertTrue(fixed.after().rules().isEmpty());
    }

    @Test
    void aProblemWithoutASafeFixIsAlertedInRemediateModeInTheGuardrailsOwnWords() {
        var first = run(ResourceRecord.NONE, open("sgr-1", null), Mode.REMEDIATE, T0);

        Delivery alert = only(first);
        assertEquals("None.", alert.finding().actionTaken());
        assertEquals(Delivery.Hub.IMPORT, alert.hub());
        assertTrue(first.remediated().isEmpty());
        assertEquals(Mode.REMEDIATE, rule(first).lastMode());

        var second = run(delivered(first), open("sgr-1", null), Mode.REMEDIATE, T0.plusSeconds(3600));
        assertTrue(sent(second).isEmpty());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Failing fixes

    @Test
    void anAwsThrottlingErrorIsRecognisedAsThrottlingWhateverItsStatus() {
        assertTrue(throttling().isThrottlingException(), "code Throttling at HTTP 400");
        assertFalse(Lifecycle.isPermanent(throttling()), "a 400 that is throttling is passing");
        assertFalse(Lifecycle.isPermanent(unavailable()));
        assertTrue(Lifecycle.isPermanent(aws(400, "InvalidConfigurationRequest")));
    }

    @Test
    void anAlertedProblemWhoseFixFailsTwiceForPassingReasonsIsFixedOnTheThirdRunWithOneAlert() {
        ResourceRecord alerted = alertedInAlertModeAtT0("sgr-1");
        ScriptedFix fix = revoke().failingWith(throttling(), unavailable());

        var first = run(alerted, open("sgr-1", fix), Mode.REMEDIATE, T0.plusSeconds(60));
        assertTrue(sent(first).isEmpty(), "already alerted: a passing failure is quiet");
        assertEquals(1, rule(first).attempts());
        assertEquals("Throttling, HTTP 400", rule(first).lastError());
        assertEquals(T0.plusSeconds(60), rule(first).lastAttemptAt());
        assertFalse(rule(first).gaveUp());
        assertEquals(List.of(finding(RULE)), first.remediated(), "a failed fix ran too");

        var second = run(delivered(first), open("sgr-1", fix), Mode.REMEDIATE, T0.plusSeconds(120));
        assertTrue(sent(second).isEmpty());
        assertEquals(2, rule(second).attempts());
        assertEquals("ServiceUnavailable, HTTP 503", rule(second).lastError());
        assertFalse(rule(second).gaveUp());

        var third = run(delivered(second), open("sgr-1", fix), Mode.REMEDIATE, T0.plusSeconds(180));
        Delivery done = only(third);
        assertEquals(Delivery.Hub.FIXED, done.hub());
        assertTrue(done.finding().actionTaken().startsWith(REVOKED));
        assertTrue(done.finding().actionTaken().endsWith("Open since " + T0 + "."));
        assertEquals(3, fix.calls);
        assertFalse(third.after().rules().containsKey(RULE));
    }

    @Test
    void threePassingFailuresInARowGiveOneCriticalCouldNotFixAndNoFourthAttempt() {
        ResourceRecord record = alertedInAlertModeAtT0("sgr-1");
        ScriptedFix fix = revoke().failingWith(throttling(), unavailable(), throttling(), throttling());
        List<Delivery> all = new ArrayList<>();
        Lifecycle.Outcome last = null;
        for (int run = 1; run <= 3; run++) {
            last = run(record, open("sgr-1", fix), Mode.REMEDIATE, T0.plusSeconds(60L * run));
            all.addAll(sent(last));
            record = delivered(last);
        }

        assertEquals(3, fix.calls);
        assertEquals(1, all.size(), "quiet twice, then one alert");
        assertEquals(1, sent(last).size(), "the alert comes on the third");
        Delivery gaveUp = all.get(0);
        assertTrue(gaveUp.alert());
        assertEquals(Delivery.Hub.IMPORT, gaveUp.hub());
        assertEquals(T0, gaveUp.openSince());
        Finding said = gaveUp.finding();
        assertEquals(Severity.CRITICAL, said.severity());
        assertTrue(said.title().startsWith("Could not fix: "), said.title());
        assertEquals("Could not fix: RDP open to the world on " + SG, said.title());
        assertTrue(said.actionTaken().contains("it failed 3 times; the last error: Throttling, HTTP 400"),
                said.actionTaken());
        assertTrue(said.actionTaken().contains("No further attempts until the problem changes."));
        assertTrue(said.actionTaken().endsWith("Open since " + T0 + "."), said.actionTaken());
        assertEquals("Fix it by hand: Revoke the rule.", said.operatorAction());
        RuleRecord gave = record.rules().get(RULE);
        assertTrue(gave.gaveUp());
        assertEquals(3, gave.attempts());

        ScriptedFix fourth = revoke();
        var afterwards = run(record, open("sgr-1", fourth), Mode.REMEDIATE, T0.plusSeconds(600));
        assertEquals(0, fourth.calls, "no fourth attempt");
        assertTrue(sent(afterwards).isEmpty(), "and nothing to say");
        assertTrue(afterwards.remediated().isEmpty());
        assertTrue(rule(afterwards).gaveUp());
    }

    @Test
    void aProblemTheGuardrailGaveUpOnIsTriedAgainOnceItsStateChanges() {
        ResourceRecord record = alertedInAlertModeAtT0("sgr-1");
        ScriptedFix failing = revoke().failingWith(unavailable(), unavailable(), unavailable());
        for (int run = 1; run <= 3; run++) {
            record = delivered(run(record, open("sgr-1", failing), Mode.REMEDIATE, T0.plusSeconds(60L * run)));
        }
        assertTrue(record.rules().get(RULE).gaveUp());
        ScriptedFix fix = revoke();

        var changed = run(record, open("sgr-1 sgr-2", fix), Mode.REMEDIATE, T0.plusSeconds(3600));

        assertEquals(1, fix.calls, "a changed problem is tried afresh");
        Delivery done = only(changed);
        assertEquals(Delivery.Hub.FIXED, done.hub());
        assertTrue(done.finding().actionTaken().contains("Open since " + T0), done.finding().actionTaken());
    }

    @Test
    void aChangedProblemThatFailsAgainStartsItsAttemptsAfresh() {
        ResourceRecord record = alertedInAlertModeAtT0("sgr-1");
        ScriptedFix failing = revoke().failingWith(unavailable(), unavailable(), unavailable(), unavailable());
        for (int run = 1; run <= 3; run++) {
            record = delivered(run(record, open("sgr-1", failing), Mode.REMEDIATE, T0.plusSeconds(60L * run)));
        }

        var changed = run(record, open("sgr-1 sgr-2", failing), Mode.REMEDIATE, T0.plusSeconds(3600));

        assertEquals(4, failing.calls);
        assertEquals(1, rule(changed).attempts(), "attempts count in the new state only");
        assertFalse(rule(changed).gaveUp());
        Delivery alert = only(changed);
        assertEquals("sgr-1 sgr-2", rule(changed).alertedState(), "the new state is news: alerted");
        assertTrue(alert.finding().actionTaken().contains("(attempt 1 of 3)"), alert.finding().actionTaken());
    }

    @Test
    void aRefusalARetryCannotChangeIsSaidAtOnceAndNeverRetried() {
        ScriptedFix fix = revoke().failingWith(aws(400, "InvalidConfigurationRequest"));

        var refused = run(ResourceRecord.NONE, open("sgr-1", fix), Mode.REMEDIATE, T0);

        assertEquals(1, fix.calls);
        Delivery alert = only(refused);
        assertTrue(alert.alert());
        Finding said = alert.finding();
        assertEquals(Severity.CRITICAL, said.severity());
        assertTrue(said.title().startsWith("Could not fix: "), said.title());
        assertTrue(said.actionTaken().contains("a retry cannot change"), said.actionTaken());
        assertTrue(said.actionTaken().contains("AWS refused it (InvalidConfigurationRequest, HTTP 400)"),
                said.actionTaken());
        assertFalse(said.actionTaken().contains("secret=42"), "AWS's message may quote the request");
        assertFalse(said.actionTaken().contains("Open since"), "a new problem");
        RuleRecord record = rule(refused);
        assertTrue(record.gaveUp());
        assertEquals(1, record.attempts());
        assertEquals("InvalidConfigurationRequest, HTTP 400", record.lastError());
        assertEquals("sgr-1", record.alertedState());

        var later = run(delivered(refused), open("sgr-1", fix), Mode.REMEDIATE, T0.plus(Duration.ofHours(1)));
        var evenLater = run(delivered(later), open("sgr-1", fix), Mode.REMEDIATE, T0.plus(Duration.ofDays(2)));
        assertEquals(1, fix.calls, "no further attempts");
        assertTrue(sent(later).isEmpty());
        assertTrue(sent(evenLater).isEmpty());
    }

    @Test
    void accessDeniedOnAProblemKnownFromAlertModeIsRefusedAtOnceSayingSinceWhenItIsOpen() {
        ScriptedFix fix = revoke().failingWith(aws(403, "AccessDenied"));

        var refused = run(alertedInAlertModeAtT0("sgr-1"), open("sgr-1", fix), Mode.REMEDIATE,
                T0.plus(Duration.ofDays(3)));

        Finding said = only(refused).finding();
        assertEquals(Severity.CRITICAL, said.severity());
        assertTrue(said.actionTaken().contains("AccessDenied, HTTP 403"), said.actionTaken());
        assertTrue(said.actionTaken().endsWith("Open since " + T0 + "."), said.actionTaken());
        assertTrue(rule(refused).gaveUp());
    }

    @Test
    void aNewProblemWhoseFirstFixFailsForAPassingReasonIsAlertedWithTheRetryToCome() {
        ScriptedFix fix = revoke().failingWith(throttling());

        var first = run(ResourceRecord.NONE, open("sgr-1", fix), Mode.REMEDIATE, T0);

        Delivery alert = only(first);
        assertTrue(alert.alert());
        assertEquals(Delivery.Hub.IMPORT, alert.hub());
        assertEquals(Severity.CRITICAL, alert.finding().severity());
        assertTrue(alert.finding().actionTaken().contains("tries again on its next run (attempt 1 of 3)"),
                alert.finding().actionTaken());
        assertEquals("Tried to revoke sgr-1 on sg-0abc, but it failed (Throttling, HTTP 400); the guardrail tries"
                + " again on its next run (attempt 1 of 3).", alert.finding().actionTaken());
        assertFalse(alert.finding().title().startsWith("Could not fix"));
        assertEquals(1, rule(first).attempts());
        assertEquals("sgr-1", rule(first).alertedState());
        assertFalse(rule(first).gaveUp());
    }

    @Test
    void aNewProblemWhoseFixKeepsFailingIsAlertedOnTheFirstFailureAndWhenTheGuardrailGivesUpOnly() {
        ScriptedFix fix = revoke().failingWith(unavailable(), unavailable(), unavailable());
        ResourceRecord record = ResourceRecord.NONE;
        List<List<Delivery>> perRun = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            var outcome = run(record, open("sgr-1", fix), Mode.REMEDIATE, T0.plusSeconds(60L * run));
            perRun.add(sent(outcome));
            record = delivered(outcome);
        }

        assertEquals(List.of(1, 0, 1), perRun.stream().map(List::size).toList());
        assertTrue(perRun.get(0).get(0).finding().actionTaken().contains("(attempt 1 of 3)"));
        assertTrue(perRun.get(2).get(0).finding().title().startsWith("Could not fix: "));
        assertTrue(perRun.get(2).get(0).finding().actionTaken().contains("it failed 3 times"));
    }

    @Test
    void aFailureThatIsNotAnAwsErrorIsPassingAndNamedByItsTypeOnly() {
        ScriptedFix fix = revoke().failingWith(new IllegalStateException("connection reset talking to 10.0.0.7"));

        var first = run(ResourceRecord.NONE, open("sgr-1", fix), Mode.REMEDIATE, T0);

        String said = only(first).finding().actionTaken();
        assertTrue(said.contains("it failed (IllegalStateException)"), said);
        assertFalse(said.contains("10.0.0.7"));
        assertFalse(rule(first).gaveUp());
        assertEquals("IllegalStateException", rule(first).lastError());
    }

    @Test
    void aFixTheGuardrailCanSayWhyAwsRefusedTellsTheOperatorWhatToDoInsteadAndStops() {
        ScriptedFix fix = revoke().failingWith(new Remediation.Refused("the node is not managed by Systems Manager",
                "Install the SSM agent on the node."));

        var refused = run(ResourceRecord.NONE, open("sgr-1", fix), Mode.REMEDIATE, T0);

        Finding said = only(refused).finding();
        assertEquals(Severity.CRITICAL, said.severity());
        assertEquals("Could not fix: RDP open to the world on " + SG, said.title());
        assertEquals("Tried to revoke sgr-1 on sg-0abc, but the node is not managed by Systems Manager. No further"
                + " attempts until the problem changes.", said.actionTaken());
        assertEquals("Install the SSM agent on the node.", said.operatorAction());
        assertTrue(rule(refused).gaveUp());
        assertEquals(List.of(finding(RULE)), refused.remediated());

        var later = run(delivered(refused), open("sgr-1", fix), Mode.REMEDIATE, T0.plusSeconds(3600));
        assertEquals(1, fix.calls);
        assertTrue(sent(later).isEmpty());
    }

    @Test
    void aFixAnotherRunIsDoingRightNowFailsThisRunInsteadOfCountingAsAnAttempt() {
        Examined busy = new Examined(SG, false, List.of(new Problem(finding(RULE), "sgr-1",
                new Remediation("revoke", () -> {
                    throw new Claims.ClaimHeldElsewhere("act|" + G);
                }))), WORDS);

        assertThrows(Claims.ClaimHeldElsewhere.class,
                () -> run(ResourceRecord.NONE, busy, Mode.REMEDIATE, T0));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Deferred fixes

    @Test
    void aDeferredFixIsNotAnAttemptAndTheNextRunTriesAgain() {
        Examined deferred = new Examined(SG, false, List.of(new Problem(finding(RULE), "sgr-1",
                new Remediation("revoke", () -> {
                    throw new Remediation.Deferred("later");
                }))), WORDS);

        var first = run(ResourceRecord.NONE, deferred, Mode.REMEDIATE, T0);

        Delivery alert = only(first);
        assertTrue(alert.alert());
        assertEquals("later", alert.finding().actionTaken(), "the alert says why not now");
        assertEquals(0, rule(first).attempts(), "not an attempt");
        assertNull(rule(first).lastAttemptAt());
        assertFalse(rule(first).gaveUp());
        assertEquals("sgr-1", rule(first).alertedState());
        assertTrue(first.remediated().isEmpty(), "nothing ran");

        ScriptedFix fix = revoke();
        var next = run(delivered(first), open("sgr-1", fix), Mode.REMEDIATE, T0.plusSeconds(3600));
        assertEquals(1, fix.calls, "tried again on the next run");
        assertEquals(Delivery.Hub.FIXED, only(next).hub());
    }

    @Test
    void aFixDeferredOnEveryRunNeverGivesUpAndIsAlertedOnce() {
        int[] calls = {0};
        Examined deferred = new Examined(SG, false, List.of(new Problem(finding(RULE), "sgr-1",
                new Remediation("revoke", () -> {
                    calls[0]++;
                    throw new Remediation.Deferred("None yet: this run's budget is spent.");
                }))), WORDS);
        ResourceRecord record = ResourceRecord.NONE;
        int messages = 0;
        for (int run = 0; run < 5; run++) {
            var outcome = run(record, deferred, Mode.REMEDIATE, T0.plus(Duration.ofHours(run)));
            messages += sent(outcome).size();
            record = delivered(outcome);
        }

        assertEquals(5, calls[0], "asked on every run");
        assertEquals(1, messages);
        assertEquals(0, record.rules().get(RULE).attempts());
        assertFalse(record.rules().get(RULE).gaveUp());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Fixes whose effect shows later

    @Test
    void aFixWhoseEffectShowsLaterKeepsTheProblemOpenAndIsNotStartedAgainBeforeItCouldShow() {
        ScriptedFix update = updateSignatures();

        var started = run(ResourceRecord.NONE, open("STALE", update), Mode.REMEDIATE, T0);

        assertEquals(1, update.calls);
        Delivery alert = only(started);
        assertTrue(alert.alert());
        assertTrue(alert.acted(), "an action's alert goes alone");
        assertTrue(alert.key().endsWith(Delivery.ACTED), alert.key());
        assertEquals(Delivery.Hub.IMPORT, alert.hub(), "still open in Security Hub");
        assertEquals("Started Update-MpSignature.", alert.finding().actionTaken());
        assertTrue(started.after().rules().containsKey(RULE), "open until its effect shows");
        assertEquals(1, rule(started).attempts());
        assertEquals(T0, rule(started).lastAttemptAt());
        assertFalse(rule(started).gaveUp());

        var hourLater = run(delivered(started), open("STALE", update), Mode.REMEDIATE, T0.plus(Duration.ofHours(1)));
        assertEquals(1, update.calls, "not started again within its settling time");
        assertTrue(sent(hourLater).isEmpty());
        assertTrue(hourLater.remediated().isEmpty());

        var dayLater = run(delivered(hourLater), open("STALE", update), Mode.REMEDIATE,
                T0.plus(Duration.ofHours(25)));
        assertEquals(2, update.calls, "started again once it could have shown");
        assertEquals(2, rule(dayLater).attempts());
        assertTrue(sent(dayLater).isEmpty(), "a second start is quiet");
    }

    @Test
    void aFixWhoseEffectShowsLaterStartedOnAProblemKnownFromAlertModeSaysSoOnce() {
        ScriptedFix update = updateSignatures();
        ResourceRecord alerted = delivered(run(ResourceRecord.NONE, open("STALE", update), Mode.ALERT, T0));
        Instant at = T0.plus(Duration.ofDays(2));

        var started = run(alerted, open("STALE", update), Mode.REMEDIATE, at);

        assertEquals(1, update.calls);
        Delivery alert = only(started);
        assertTrue(alert.acted());
        assertEquals("Started Update-MpSignature. Open since " + T0 + ".", alert.finding().actionTaken());
    }

    @Test
    void aFixWhoseEffectShowsLaterAndNeverHelpsGivesUpAfterThreeStarts() {
        ScriptedFix update = updateSignatures();
        ResourceRecord record = ResourceRecord.NONE;
        for (int day = 0; day < 3; day++) {
            record = delivered(run(record, open("STALE", update), Mode.REMEDIATE, T0.plus(Duration.ofHours(25L * day))));
        }
        assertEquals(3, update.calls);

        var gaveUp = run(record, open("STALE", update), Mode.REMEDIATE, T0.plus(Duration.ofHours(75)));

        assertEquals(3, update.calls, "no fourth start");
        Finding said = only(gaveUp).finding();
        assertEquals(Severity.CRITICAL, said.severity());
        assertTrue(said.title().startsWith("Could not fix: "));
        assertTrue(said.actionTaken().contains("3 times; the problem was still there after the last start had time to"
                + " show"), said.actionTaken());
        assertTrue(rule(gaveUp).gaveUp());

        var after = run(delivered(gaveUp), open("STALE", update), Mode.REMEDIATE, T0.plus(Duration.ofHours(200)));
        assertEquals(3, update.calls);
        assertTrue(sent(after).isEmpty());
    }

    /**
     * A start that failed started nothing, so there is no effect to wait for: its alert promises a try on the next run
     * (docs/lifecycle.md: "tried again on the next runs"), and the next run must keep that promise.
     */
    @Test
    void aFixWhoseEffectShowsLaterButWhoseStartFailedIsTriedAgainOnTheNextRunAsItsAlertSays() {
        ScriptedFix update = updateSignatures().failingWith(throttling());

        var failed = run(ResourceRecord.NONE, open("STALE", update), Mode.REMEDIATE, T0);
        assertTrue(only(failed).finding().actionTaken().contains("tries again on its next run (attempt 1 of 3)"));

        var nextRun = run(delivered(failed), open("STALE", update), Mode.REMEDIATE, T0.plus(Duration.ofHours(1)));

        assertEquals(2, update.calls, "the next run tries again, as the alert said it would");
        assertEquals(2, rule(nextRun).attempts());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Closed by someone else

    @Test
    void aProblemClosedBySomeoneElseIsAlertedInTheGuardrailsWordsAndResolvedInSecurityHub() {
        ResourceRecord alerted = alertedInAlertModeAtT0("sgr-1");
        List<Examined.Closed> asked = new ArrayList<>();
        Finding words = new Finding(G, "NETWORK_EXPOSURE_CLOSED", Severity.INFO, SG, List.of(), "RDP closed on " + SG,
                "s", "w", "None.", "Nothing.");
        Examined healthy = new Examined(SG, false, List.of(), closed -> {
            asked.add(closed);
            return Optional.of(words);
        });

        var closed = run(alerted, healthy, Mode.ALERT, T0.plus(Duration.ofHours(5)));

        assertEquals(List.of(new Examined.Closed(RULE, "sgr-1", T0)), asked, "the recovery is told what closed");
        Delivery recovery = only(closed);
        assertTrue(recovery.alert());
        assertEquals(Delivery.Hub.RESOLVE, recovery.hub());
        assertEquals(RULE, recovery.rule(), "the closed rule's finding is resolved, not the recovery's rule");
        assertSame(words, recovery.finding(), "the guardrail's own words");
        assertEquals(T0, recovery.openSince());
        assertTrue(recovery.key().endsWith("|closed"), recovery.key());
        assertFalse(closed.after().rules().containsKey(RULE), "removed");
        assertTrue(closed.after().withoutPending().isEmpty(), "nothing left but the message to send");
    }

    @Test
    void aProblemClosedBySomeoneElseInRemediateModeIsAlsoAlerted() {
        var alerted = run(ResourceRecord.NONE, open("sgr-1", null), Mode.REMEDIATE, T0);

        var closed = run(delivered(alerted), healthy(), Mode.REMEDIATE, T0.plusSeconds(60));

        Delivery recovery = only(closed);
        assertTrue(recovery.alert());
        assertEquals(Delivery.Hub.RESOLVE, recovery.hub());
        assertEquals("No longer open: " + RULE + " was sgr-1 since " + T0, recovery.finding().title());
    }

    @Test
    void withoutWordsOfItsOwnAClosedProblemGetsAPlainInfoFinding() {
        ResourceRecord alerted = alertedInAlertModeAtT0("sgr-1");

        var closed = run(alerted, new Examined(SG, false, List.of(), c -> Optional.empty()), Mode.ALERT,
                T0.plusSeconds(60));

        Delivery recovery = only(closed);
        Finding plain = recovery.finding();
        assertEquals(RULE + "_CLOSED", plain.rule());
        assertEquals(Severity.INFO, plain.severity());
        assertEquals(G, plain.guardrail());
        assertEquals(SG, plain.resourceId());
        assertTrue(plain.title().contains(RULE) && plain.title().contains(SG), plain.title());
        assertTrue(plain.seen().contains("Open since " + T0) && plain.seen().contains("sgr-1"), plain.seen());
        assertEquals(RULE, recovery.rule());
        assertEquals(Delivery.Hub.RESOLVE, recovery.hub());
        assertTrue(closed.after().rules().isEmpty());
    }

    @Test
    void aResourceWithNoRecoveryFunctionAtAllGetsThePlainFindingToo() {
        var closed = run(alertedInAlertModeAtT0("sgr-1"), new Examined(SG, false, List.of(), null), Mode.ALERT,
                T0.plusSeconds(60));

        assertEquals(RULE + "_CLOSED", only(closed).finding().rule());
    }

    @Test
    void oneOfTwoRulesClosingLeavesTheOtherOpenAndQuiet() {
        Examined both = new Examined(SG, false, List.of(Problem.alertOnly(finding(RULE), "sgr-1"),
                Problem.alertOnly(finding(OTHER_RULE), "sgr-9")), WORDS);
        var first = run(ResourceRecord.NONE, both, Mode.ALERT, T0);
        assertEquals(2, sent(first).size());

        Examined sshOnly = new Examined(SG, false, List.of(Problem.alertOnly(finding(OTHER_RULE), "sgr-9")), WORDS);
        var next = run(delivered(first), sshOnly, Mode.ALERT, T0.plusSeconds(60));

        Delivery recovery = only(next);
        assertEquals(RULE, recovery.rule());
        assertEquals(Delivery.Hub.RESOLVE, recovery.hub());
        assertEquals(List.of(OTHER_RULE), List.copyOf(next.after().rules().keySet()));
    }

    @Test
    void aRuleListedTwiceInOneRunIsTrackedOnceByItsFirstEntry() {
        Examined twice = new Examined(SG, false, List.of(Problem.alertOnly(finding(RULE), "first"),
                Problem.alertOnly(finding(RULE), "second")), WORDS);

        var outcome = run(ResourceRecord.NONE, twice, Mode.ALERT, T0);

        assertEquals(1, sent(outcome).size());
        assertEquals("first", rule(outcome).state());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Exempt resources

    @Test
    void anExemptResourceIsAnnouncedOnceAsInfoAndItsProblemIsNeitherAlertedNorFixedEvenInRemediate() {
        ScriptedFix fix = revoke();

        var first = run(ResourceRecord.NONE, exempt("sgr-1", fix), Mode.REMEDIATE, T0);

        Delivery notice = only(first);
        assertEquals(Lifecycle.EXEMPT, notice.rule());
        assertEquals(Lifecycle.EXEMPT, notice.finding().rule());
        assertEquals(Severity.INFO, notice.finding().severity());
        assertEquals(Delivery.Hub.NONE, notice.hub(), "Security Hub's finding stays as it is");
        assertTrue(notice.alert(), "announced on email and chat");
        assertTrue(notice.finding().title().contains(SG), notice.finding().title());
        assertTrue(notice.finding().seen().contains("RDP open to the world on " + SG), "it names what it hides");
        assertEquals(0, fix.calls, "an exempt resource is never fixed");
        assertTrue(first.remediated().isEmpty());
        assertEquals(T0, first.after().exemptSince());

        RuleRecord record = rule(first);
        assertNotNull(record, "its problems are recorded");
        assertNull(record.alertedState(), "but not alerted");
        assertEquals(T0, record.openSince());
    }

    @Test
    void anExemptResourceWithNothingOpenIsStillAnnouncedOnce() {
        var first = run(ResourceRecord.NONE, new Examined(SG, true, List.of(), WORDS), Mode.ALERT, T0);

        Delivery notice = only(first);
        assertEquals(Lifecycle.EXEMPT, notice.rule());
        assertTrue(notice.finding().seen().contains("no problem is open on it now"), notice.finding().seen());
        assertEquals(T0, first.after().exemptSince());
    }

    @Test
    void theSecondRunOnAnExemptResourceSendsNothingAndKeepsWhenTheExemptionBegan() {
        ScriptedFix fix = revoke();
        var first = run(ResourceRecord.NONE, exempt("sgr-1", fix), Mode.REMEDIATE, T0);

        var second = run(delivered(first), exempt("sgr-1", fix), Mode.REMEDIATE, T0.plus(Duration.ofHours(6)));

        assertTrue(sent(second).isEmpty(), "said once");
        assertEquals(T0, second.after().exemptSince());
        assertEquals(0, fix.calls);
    }

    @Test
    void whenTheExemptionIsLiftedInRemediateTheProblemRecordedMeanwhileIsFixedAndTheFixDelivered() {
        ScriptedFix fix = revoke();
        var first = run(ResourceRecord.NONE, exempt("sgr-1", fix), Mode.REMEDIATE, T0);
        var second = run(delivered(first), exempt("sgr-1", fix), Mode.REMEDIATE, T0.plus(Duration.ofHours(6)));
        Instant lifted = T0.plus(Duration.ofHours(12));

        var fixed = run(delivered(second), open("sgr-1", fix), Mode.REMEDIATE, lifted);

        assertEquals(1, fix.calls, "the tag gone, the known problem is fixed");
        Delivery done = only(fixed);
        assertEquals(Delivery.Hub.FIXED, done.hub());
        assertTrue(done.alert());
        assertEquals(REVOKED + " Fixed by " + G + " at " + lifted + ". Open since " + T0 + ".",
                done.finding().actionTaken());
        assertNull(fixed.after().exemptSince());
        assertTrue(fixed.after().rules().isEmpty());
    }

    @Test
    void whenTheExemptionIsLiftedInAlertModeAProblemFoundWhileExemptIsNewsAgain() {
        var exempted = run(ResourceRecord.NONE, exempt("sgr-1", revoke()), Mode.ALERT, T0);

        var lifted = run(delivered(exempted), open("sgr-1", revoke()), Mode.ALERT, T0.plus(Duration.ofDays(1)));

        Delivery alert = only(lifted);
        assertEquals(RULE, alert.rule());
        assertEquals(Delivery.Hub.IMPORT, alert.hub());
        assertEquals(T0, alert.openSince(), "open since it was first seen, exempt or not");
        assertEquals("sgr-1", rule(lifted).alertedState());
        assertNull(lifted.after().exemptSince());
    }

    @Test
    void aProblemAlertedBeforeTheExemptionThatGoesAwayWhileExemptIsResolvedQuietly() {
        ResourceRecord alerted = alertedInAlertModeAtT0("sgr-1");
        var exempted = run(alerted, exempt("sgr-1", revoke()), Mode.ALERT, T0.plusSeconds(60));
        assertEquals(Lifecycle.EXEMPT, only(exempted).rule());

        var gone = run(delivered(exempted), new Examined(SG, true, List.of(), WORDS), Mode.ALERT, T0.plusSeconds(120));

        Delivery resolve = only(gone);
        assertFalse(resolve.alert(), "quiet: the resource is exempt");
        assertEquals(Delivery.Hub.RESOLVE, resolve.hub(), "Security Hub's open finding is resolved");
        assertEquals(RULE, resolve.rule());
        assertTrue(gone.after().rules().isEmpty());
        assertEquals(T0.plusSeconds(60), gone.after().exemptSince());
    }

    @Test
    void aProblemSeenOnlyWhileExemptThatGoesAwayLeavesNoMessage() {
        var exempted = run(ResourceRecord.NONE, exempt("sgr-1", revoke()), Mode.ALERT, T0);

        var gone = run(delivered(exempted), new Examined(SG, true, List.of(), WORDS), Mode.ALERT, T0.plusSeconds(60));

        assertTrue(sent(gone).isEmpty(), "never alerted, never in Security Hub: nothing to resolve");
        assertTrue(gone.after().rules().isEmpty());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Security Hub refresh

    static ResourceRecord alertedLongAgo(Instant openSince, Instant importedAt, boolean gaveUp) {
        RuleRecord record = new RuleRecord("sgr-1", openSince, "sgr-1", Mode.ALERT, gaveUp ? 3 : 0,
                gaveUp ? importedAt : null, gaveUp ? "Throttling, HTTP 400" : null, gaveUp, importedAt);
        return new ResourceRecord(Map.of(RULE, record), null, List.of(), 4);
    }

    @Test
    void anOpenProblemLastImportedThirtyOneDaysAgoIsImportedAgainWithoutAnEmail() {
        Instant openSince = T0.minus(Duration.ofDays(100));
        Instant now = T0.plus(Duration.ofDays(31));

        var refreshed = run(alertedLongAgo(openSince, T0, false), open("sgr-1", revoke()), Mode.ALERT, now);

        Delivery refresh = only(refreshed);
        assertFalse(refresh.alert(), "Security Hub only");
        assertEquals(Delivery.Hub.IMPORT, refresh.hub());
        assertEquals(openSince, refresh.openSince(), "CreatedAt stays the first sighting");
        assertEquals(RULE, refresh.rule());
        assertTrue(refresh.finding().actionTaken().startsWith("Nothing (mode is ALERT)"));
        assertEquals(now, rule(refreshed).hubImportedAt());
        assertEquals(openSince, rule(refreshed).openSince());
        assertEquals("sgr-1", rule(refreshed).alertedState());

        var dayAfter = run(delivered(refreshed), open("sgr-1", revoke()), Mode.ALERT, now.plus(Duration.ofDays(1)));
        assertTrue(sent(dayAfter).isEmpty(), "refreshed once");
    }

    @Test
    void anOpenProblemLastImportedTwentyNineDaysAgoIsLeftAlone() {
        var quiet = run(alertedLongAgo(T0.minus(Duration.ofDays(5)), T0, false), open("sgr-1", revoke()),
                Mode.ALERT, T0.plus(Duration.ofDays(29)));

        assertTrue(sent(quiet).isEmpty());
        assertEquals(T0, rule(quiet).hubImportedAt());
    }

    @Test
    void aRefreshOfAProblemTheGuardrailGaveUpOnSaysItStoppedTrying() {
        ScriptedFix fix = revoke();

        var refreshed = run(alertedLongAgo(T0, T0, true), open("sgr-1", fix), Mode.REMEDIATE,
                T0.plus(Duration.ofDays(31)));

        assertEquals(0, fix.calls);
        Delivery refresh = only(refreshed);
        assertFalse(refresh.alert());
        assertEquals("None: the guardrail stopped trying after 3 attempt(s) (last error: Throttling, HTTP 400); it"
                + " tries again when the problem changes.", refresh.finding().actionTaken());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The record itself

    @Test
    void messagesAnEarlierRunCouldNotDeliverAreCarriedFirst() {
        ResourceRecord undelivered = run(ResourceRecord.NONE, open("sgr-1", revoke()), Mode.ALERT, T0).after();
        assertEquals(1, undelivered.pending().size());

        var next = run(undelivered, open("sgr-1", revoke()), Mode.ALERT, T0.plusSeconds(60));
        assertEquals(undelivered.pending(), next.after().pending(), "kept, not decided again");

        var closed = run(next.after(), healthy(), Mode.ALERT, T0.plusSeconds(120));
        List<Delivery> pending = closed.after().pending();
        assertEquals(2, pending.size());
        assertEquals(undelivered.pending().get(0), pending.get(0), "the earlier message first");
        assertEquals(Delivery.Hub.RESOLVE, pending.get(1).hub());
    }

    @Test
    void everyRunWritesTheNextVersionAndKeysItsMessagesWithIt() {
        ResourceRecord before = new ResourceRecord(Map.of(), null, List.of(), 41);

        var outcome = run(before, open("sgr-1", revoke()), Mode.ALERT, T0);

        assertEquals(42, outcome.after().version());
        assertEquals(G + "|" + RULE + "|" + SG + "|v42", only(outcome).key());
    }

    @Test
    void keysOfOneRunDifferByRuleSoEachChannelDeliversEachOnce() {
        Examined both = new Examined(SG, false, List.of(Problem.alertOnly(finding(RULE), "sgr-1"),
                Problem.alertOnly(finding(OTHER_RULE), "sgr-9")), WORDS);

        var outcome = run(ResourceRecord.NONE, both, Mode.ALERT, T0);

        assertEquals(2, sent(outcome).stream().map(Delivery::key).distinct().count());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Permanent or passing, and how a failure is named

    @Test
    void aRefusalOfTheRequestItselfIsPermanent() {
        assertTrue(Lifecycle.isPermanent(aws(403, "AccessDenied")));
        assertTrue(Lifecycle.isPermanent(aws(400, "InvalidConfigurationRequest")));
        assertTrue(Lifecycle.isPermanent(aws(404, "InvalidGroup.NotFound")));
        assertTrue(Lifecycle.isPermanent(SdkServiceException.builder().statusCode(403).message("m").build()),
                "any SDK service error, not only AWS ones");
    }

    @Test
    void throttlingServerErrorsAndOtherFailuresArePassing() {
        assertFalse(Lifecycle.isPermanent(aws(429, "TooManyRequestsException")));
        assertFalse(Lifecycle.isPermanent(aws(429, "SomethingNew")), "429 whatever its code");
        assertFalse(Lifecycle.isPermanent(aws(400, "RequestLimitExceeded")), "EC2's throttling code");
        assertFalse(Lifecycle.isPermanent(aws(500, "InternalError")));
        assertFalse(Lifecycle.isPermanent(aws(503, "ServiceUnavailable")));
        assertFalse(Lifecycle.isPermanent(new RuntimeException("boom")));
        assertFalse(Lifecycle.isPermanent(new IllegalStateException("a broken connection")));
    }

    @Test
    void aFailureIsNamedByItsAwsCodeAndStatusNeverByItsMessage() {
        String named = Lifecycle.describe(aws(400, "InvalidConfigurationRequest"));
        assertEquals("InvalidConfigurationRequest, HTTP 400", named);
        assertFalse(named.contains("secret"));
        assertEquals("AccessDenied, HTTP 403", Lifecycle.describe(aws(403, "AccessDenied")));
        assertEquals("Throttling, HTTP 400", Lifecycle.describe(throttling()));
        assertEquals("RuntimeException", Lifecycle.describe(new RuntimeException("password=hunter2")));
        assertEquals("IllegalStateException", Lifecycle.describe(new IllegalStateException("secret=xyz")));
    }

    @Test
    void anAwsErrorWithoutACodeIsNamedByItsType() {
        AwsServiceException noCode = AwsServiceException.builder().statusCode(500).message("secret=1")
                .awsErrorDetails(AwsErrorDetails.builder().errorMessage("secret=1").build()).build();
        AwsServiceException noDetails = AwsServiceException.builder().statusCode(500).message("secret=1").build();

        assertEquals("AwsServiceException", Lifecycle.describe(noCode));
        assertEquals("AwsServiceException", Lifecycle.describe(noDetails));
        assertEquals("SdkServiceException",
                Lifecycle.describe(SdkServiceException.builder().statusCode(403).message("secret").build()));
    }
}
