package guardrails.shared.reporting;

import guardrails.shared.channels.AlertChannel;
import guardrails.shared.config.Mode;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Proposal;
import guardrails.shared.findings.Remediation;
import guardrails.shared.findings.Severity;
import guardrails.shared.lifecycle.Claims;
import guardrails.shared.lifecycle.RememberedStates;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;


/** Claim, act, publish, complete: the order that makes alerts once-only and never lost. */
@ExtendWith(MockitoExtension.class)
class FindingReporterTest {

    @Mock Claims claims;
    @Mock RememberedStates states;
    @Mock AlertChannel alerts;
    @Mock GuardrailMetrics metrics;

    static final AlertChannel.AlertContext CONTEXT = new AlertChannel.AlertContext("111122223333", "us-east-1", "e-1");
    static final Finding FINDING = new Finding("G1-test", "RULE", Severity.CRITICAL, "ws-1", List.of("d-1"),
            "title", "seen", "why", "None.", "do this");

    final AtomicInteger terminations = new AtomicInteger();
    final Remediation terminate = new Remediation("terminate ws-1", () -> {
        terminations.incrementAndGet();
        return "Terminated ws-1.";
    });

    @Test
    void remediateModeActsThenPublishesWhatWasDone() {
        when(claims.claim("e-1|RULE|ws-1")).thenReturn(Claims.Claim.GRANTED);
        var report = new FindingReporter(claims, states, alerts, metrics, Mode.REMEDIATE)
                .report(List.of(new Proposal(FINDING, terminate)), CONTEXT);

        ArgumentCaptor<Finding> published = ArgumentCaptor.forClass(Finding.class);
        verify(alerts).publish(published.capture(), any());
        assertEquals("Terminated ws-1.", published.getValue().actionTaken());
        assertEquals(1, terminations.get());
        verify(claims).complete("e-1|RULE|ws-1");
        assertEquals(1, report.published().size());
    }

    @Test
    void alertModeSaysWhatItWouldHaveDone() {
        when(claims.claim(any())).thenReturn(Claims.Claim.GRANTED);
        var report = new FindingReporter(claims, states, alerts, metrics, Mode.ALERT)
                .report(List.of(new Proposal(FINDING, terminate)), CONTEXT);
        assertEquals(0, terminations.get());
        assertEquals("Nothing (mode is ALERT). In REMEDIATE mode the guardrail would terminate ws-1.",
                report.published().get(0).actionTaken());
    }

    @Test
    void alreadyReportedFindingIsNeitherActedOnNorPublished() {
        when(claims.claim(any())).thenReturn(Claims.Claim.ALREADY_DONE);
        var report = new FindingReporter(claims, states, alerts, metrics, Mode.REMEDIATE)
                .report(List.of(new Proposal(FINDING, terminate)), CONTEXT);
        verify(alerts, never()).publish(any(), any());
        assertEquals(0, terminations.get());
        assertEquals(List.of("e-1|RULE|ws-1"), report.alreadyReported());
    }

    @Test
    void failedPublishGivesTheClaimBackAndFailsTheInvocation() {
        when(claims.claim(any())).thenReturn(Claims.Claim.GRANTED);
        doThrow(new IllegalStateException("SNS down")).when(alerts).publish(any(), any());
        assertThrows(IllegalStateException.class, () -> new FindingReporter(claims, states, alerts, metrics, Mode.ALERT)
                .report(List.of(Proposal.alertOnly(FINDING)), CONTEXT));
        verify(claims).release("e-1|RULE|ws-1");
        verify(claims, never()).complete(any());
    }

    @Test
    void whatWasDoneIsRecordedBeforePublishingAndARetrySaysItInsteadOfActingAgain() {
        when(claims.claim(any())).thenReturn(Claims.Claim.GRANTED);
        doThrow(new IllegalStateException("topic deleted")).when(alerts).publish(any(), any());
        FindingReporter reporter = new FindingReporter(claims, states, alerts, metrics, Mode.REMEDIATE);
        assertThrows(IllegalStateException.class, () -> reporter.report(List.of(new Proposal(FINDING, terminate)),
                CONTEXT));
        org.mockito.InOrder order = org.mockito.Mockito.inOrder(alerts, claims);
        order.verify(claims).recordAction("e-1|RULE|ws-1", "Terminated ws-1.");
        order.verify(alerts).publish(any(), any());
        order.verify(claims).release("e-1|RULE|ws-1");

        org.mockito.Mockito.reset(alerts);
        java.time.Instant at = java.time.Instant.parse("2026-11-23T10:00:00Z");
        when(claims.claim(any())).thenReturn(Claims.Claim.grantedAfter("Terminated ws-1.", at));
        var retry = reporter.report(List.of(new Proposal(FINDING, terminate)), CONTEXT);

        assertEquals(1, terminations.get(), "not acted on twice");
        assertEquals("Terminated ws-1. (done by this guardrail at 2026-11-23T10:00:00Z; its alert is published late)",
                retry.published().get(0).actionTaken());
    }

    @Test
    void failedRemediationIsReportedNotLost() {
        when(claims.claim(any())).thenReturn(Claims.Claim.GRANTED);
        Remediation refused = new Remediation("terminate ws-1", () -> {
            throw new IllegalStateException("TerminateWorkspaces refused ws-1: 400");
        });
        var report = new FindingReporter(claims, states, alerts, metrics, Mode.REMEDIATE)
                .report(List.of(new Proposal(FINDING, refused)), CONTEXT);
        assertTrue(report.published().get(0).actionTaken().startsWith("Tried to terminate ws-1, but it failed"));
        verify(claims).complete(any());
    }

    @Test
    void memoryIsWrittenOnlyOnceTheAlertsAreOut() {
        when(claims.claim(any())).thenReturn(Claims.Claim.GRANTED);
        FindingReporter reporter = new FindingReporter(claims, states, alerts, metrics, Mode.ALERT);
        reporter.report(List.of(Proposal.alertOnly(FINDING)), CONTEXT, Map.of("subnet|s-1", "WARNING"));
        org.mockito.InOrder order = org.mockito.Mockito.inOrder(alerts, states);
        order.verify(alerts).publish(any(), any());
        order.verify(states).recordStates(Map.of("subnet|s-1", "WARNING"));

        doThrow(new IllegalStateException("SNS down")).when(alerts).publish(any(), any());
        assertThrows(IllegalStateException.class, () -> reporter.report(List.of(Proposal.alertOnly(FINDING)), CONTEXT,
                Map.of("subnet|s-1", "CRITICAL")));
        verify(states, never()).recordStates(Map.of("subnet|s-1", "CRITICAL"));
    }
}
