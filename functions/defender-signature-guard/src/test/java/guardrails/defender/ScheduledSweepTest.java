package guardrails.defender;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import guardrails.shared.reporting.AlertChannel;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.FindingsLedger;
import guardrails.shared.reporting.Proposal;
import guardrails.shared.reporting.Severity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.mockito.ArgumentCaptor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** G4's scheduled sweep on the schedule sample of events/, typed as Lambda's serialization types it. */
class ScheduledSweepTest {

    @ParameterizedTest
    @Event(value = "events/aws.events-ScheduledEvent.json", type = ScheduledEvent.class)
    void aScheduleChecksEveryReportingNodeAndReportsInItsAccountAndRegion(ScheduledEvent schedule) {
        Instant now = Instant.parse("2026-11-20T02:00:05Z");
        DefenderGateway aws = mock(DefenderGateway.class);
        when(aws.defenderStatuses()).thenReturn(List.of(new DefenderStatus("mi-0123456789abcdef0", "WSAMZN-ABC",
                "10.0.0.10", 400, "2025-10-16T00:00:00Z", "1.401.0.0", true, true, true, now.minusSeconds(3600))));
        when(aws.workspaces()).thenReturn(List.of(new WorkspaceNode("ws-0123456789", "alice", "AVAILABLE",
                "WSAMZN-ABC", "10.0.0.10")));
        FindingReporter reporter = mock(FindingReporter.class);
        var guard = new DefenderGuard(aws, reporter, mock(FindingsLedger.class),
                DefenderPolicy.fromEnvironment(Map.of()), Clock.fixed(now, ZoneOffset.UTC));

        guard.sweep(schedule);

        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<Proposal>> proposals = ArgumentCaptor.forClass(List.class);
        ArgumentCaptor<AlertChannel.AlertContext> context = ArgumentCaptor.forClass(AlertChannel.AlertContext.class);
        verify(reporter).report(proposals.capture(), context.capture(), any());
        assertEquals(new AlertChannel.AlertContext(schedule.getAccount(), schedule.getRegion(), schedule.getId()),
                context.getValue());
        // The node is matched to its WorkSpace (by computer name), which the finding names.
        assertEquals(List.of("ws-0123456789/DEFENDER_OUT_OF_DATE/" + Severity.CRITICAL),
                proposals.getValue().stream().map(p -> p.finding().resourceId() + "/" + p.finding().rule() + "/"
                        + p.finding().severity()).toList());
    }
}
