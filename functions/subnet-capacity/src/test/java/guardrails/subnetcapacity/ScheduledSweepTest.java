package guardrails.subnetcapacity;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import guardrails.shared.channels.AlertChannel;
import guardrails.shared.findings.Severity;
import guardrails.shared.lifecycle.Examined;
import guardrails.shared.lifecycle.RememberedStates;
import guardrails.shared.reporting.GuardrailMetrics;
import guardrails.shared.reporting.Tracker;
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

/** G3's scheduled sweep on the schedule sample of events/, typed as Lambda's serialization types it. */
class ScheduledSweepTest {

    @ParameterizedTest
    @Event(value = "events/aws.events-ScheduledEvent.json", type = ScheduledEvent.class)
    void aScheduleSweepsEachDirectorysSubnetsAndReportsInItsAccountAndRegion(ScheduledEvent schedule) {
        SubnetGateway aws = mock(SubnetGateway.class);
        when(aws.directorySubnets()).thenReturn(Map.of("d-1234567890", List.of("subnet-0a1")));
        when(aws.describeSubnets(List.of("subnet-0a1")))
                .thenReturn(List.of(new SubnetCapacity("subnet-0a1", "10.0.0.0/27", 2)));
        Tracker tracker = mock(Tracker.class);
        RememberedStates ledger = mock(RememberedStates.class);
        var guard = new SubnetCapacityGuard(aws, tracker, ledger, mock(GuardrailMetrics.class),
                SubnetCapacity.Thresholds.DEFAULT, Clock.fixed(Instant.parse("2026-11-20T02:00:05Z"), ZoneOffset.UTC));

        guard.sweep(schedule);

        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<Examined>> examined = ArgumentCaptor.forClass(List.class);
        ArgumentCaptor<AlertChannel.AlertContext> context = ArgumentCaptor.forClass(AlertChannel.AlertContext.class);
        verify(tracker).track(examined.capture(), context.capture());
        assertEquals(new AlertChannel.AlertContext(schedule.getAccount(), schedule.getRegion(), schedule.getId()),
                context.getValue());
        assertEquals(List.of("subnet-0a1/" + Severity.CRITICAL + "/CRITICAL"), examined.getValue().stream()
                .flatMap(e -> e.open().stream()).map(p -> p.finding().resourceId() + "/" + p.finding().severity()
                        + "/" + p.state()).toList());
        verify(ledger).recordStates(any()); // the samples behind the forecast
    }
}
