package guardrails.defenderdefinitions;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import guardrails.shared.channels.AlertChannel;
import guardrails.shared.findings.Severity;
import guardrails.shared.lifecycle.Examined;
import guardrails.shared.lifecycle.Problem;
import guardrails.shared.lifecycle.RememberedStates;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.Tracker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.mockito.ArgumentCaptor;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
        Tracker tracker = mock(Tracker.class);
        var guard = new DefenderGuard(aws, mock(FindingReporter.class), mock(RememberedStates.class), tracker,
                DefenderPolicy.fromEnvironment(Map.of()), Clock.fixed(now, ZoneOffset.UTC));

        guard.sweep(schedule);

        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<Examined>> examined = ArgumentCaptor.forClass(List.class);
        ArgumentCaptor<AlertChannel.AlertContext> context = ArgumentCaptor.forClass(AlertChannel.AlertContext.class);
        verify(tracker).track(examined.capture(), context.capture());
        assertEquals(new AlertChannel.AlertContext(schedule.getAccount(), schedule.getRegion(), schedule.getId()),
                context.getValue());
        // The node is matched to its WorkSpace (by computer name), which the finding names; its state is its level.
        assertEquals(List.of("ws-0123456789/DEFENDER_OUT_OF_DATE/" + Severity.CRITICAL + "/CRITICAL"),
                examined.getValue().stream().flatMap(e -> e.open().stream()).map(p -> p.finding().resourceId() + "/"
                        + p.finding().rule() + "/" + p.finding().severity() + "/" + p.state()).toList());
        Examined node = examined.getValue().stream().filter(e -> e.resourceId().equals("mi-0123456789abcdef0"))
                .findFirst().orElseThrow();
        assertEquals(java.time.Duration.ofHours(24), node.open().get(0).remediation().settlesWithin(),
                "an update shows in a later report: not started again before");
        // A node needs an update: the update document was checked, and is tracked with nothing open on it.
        assertEquals(List.of("guardrails-defender-update/[]", "mi-0123456789abcdef0/[CRITICAL]"),
                examined.getValue().stream().map(e -> e.resourceId() + "/" + e.open().stream().map(Problem::state)
                        .toList()).toList());
    }
}
