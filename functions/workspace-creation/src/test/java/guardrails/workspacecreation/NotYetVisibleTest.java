package guardrails.workspacecreation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import guardrails.local.CloudTrailEvents;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.reporting.FindingReporter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;


/**
 * Right after CreateWorkspaces, DescribeWorkspaces may not list the new WorkSpaces yet ("Because this operation is
 * asynchronous, the identifier in WorkspaceId is not immediately available", API reference). With CloudTrail's copy
 * redacted too, a recent call is retried; an old one cannot be helped by a retry.
 */
class NotYetVisibleTest {

    static final Instant CALL = Instant.parse("2026-11-20T02:41:05Z");

    static EventEnvelope redactedEvent() {
        ObjectNode event = CloudTrailEvents.load("aws.workspaces-CreateWorkspaces-trusted-user-linux.json");
        ((ObjectNode) event.path("detail").path("responseElements").path("pendingRequests").get(0))
                .put("userName", "HIDDEN_DUE_TO_SECURITY_REASONS");
        return EventEnvelope.from(event);
    }

    static WorkspaceCreationGuard guard(WorkspaceCreationGateway aws, FindingReporter reporter, Instant now) {
        var tracker = new guardrails.shared.reporting.Tracker(WorkspaceCreationRules.GUARDRAIL,
                guardrails.shared.lifecycle.LifecycleStore.NOWHERE, reporter, Clock.fixed(now, ZoneOffset.UTC));
        return new WorkspaceCreationGuard(aws, reporter, tracker, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aRecentCallIsRetriedUntilItsWorkSpacesShow() {
        WorkspaceCreationGateway aws = mock(WorkspaceCreationGateway.class);
        when(aws.describeWorkspaces(any())).thenReturn(List.of());
        assertThrows(WorkspaceCreationGuard.NotYetVisible.class,
                () -> guard(aws, mock(FindingReporter.class), CALL.plusSeconds(30)).handle(redactedEvent()));
    }

    @Test
    void anOldCallReportsWhatNobodyCanDescribeAsGoneAndJudgesNothing() {
        WorkspaceCreationGateway aws = mock(WorkspaceCreationGateway.class);
        FindingReporter reporter = mock(FindingReporter.class);
        when(aws.describeWorkspaces(any())).thenReturn(List.of());
        var reported = new FindingReporter.Report(List.of(), List.of("already"));
        when(reporter.report(any(), any())).thenReturn(reported);
        when(reporter.deliver(any(), any())).thenReturn(new FindingReporter.Report(List.of(), List.of()));
        assertEquals(reported, guard(aws, reporter, CALL.plusSeconds(3600)).handle(redactedEvent()));
        verify(aws, never()).describeDirectories(any());
        @SuppressWarnings("unchecked")
        org.mockito.ArgumentCaptor<List<guardrails.shared.findings.Proposal>> proposals =
                org.mockito.ArgumentCaptor.forClass(List.class);
        verify(reporter).report(proposals.capture(), any());
        assertEquals(List.of("WORKSPACE_GONE_BEFORE_CHECK"),
                proposals.getValue().stream().map(p -> p.finding().rule()).toList());
    }
}
