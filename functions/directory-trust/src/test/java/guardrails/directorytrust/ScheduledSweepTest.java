package guardrails.directorytrust;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import guardrails.shared.channels.AlertChannel;
import guardrails.shared.directory.Trust;
import guardrails.shared.directory.TrustDirection;
import guardrails.shared.findings.Proposal;
import guardrails.shared.lifecycle.RememberedStates;
import guardrails.shared.reporting.FindingReporter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.mockito.ArgumentCaptor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** G2's scheduled sweep on the schedule sample of events/, typed as Lambda's serialization types it. */
class ScheduledSweepTest {

    @ParameterizedTest
    @Event(value = "events/aws.events-ScheduledEvent.json", type = ScheduledEvent.class)
    void aScheduleChecksEveryTrustAndReportsInItsAccountAndRegion(ScheduledEvent schedule) {
        TrustGateway aws = mock(TrustGateway.class);
        when(aws.allTrusts()).thenReturn(List.of(new Trust("t-1234567890", "d-1234567890", "example.org",
                TrustDirection.ONE_WAY_OUTGOING, "Verified", null, Instant.parse("2026-11-01T00:00:00Z"))));
        when(aws.directories()).thenReturn(Map.of("d-1234567890",
                new TrustGateway.DirectoryInfo("d-1234567890", "corp.example.com", "MicrosoftAD")));
        when(aws.registeredDirectoryIds()).thenReturn(Set.of("d-1234567890"));
        when(aws.trails()).thenReturn(List.of(new TrailFacts("arn:aws:cloudtrail:us-east-1:111122223333:trail/main",
                true, true, true)));
        FindingReporter reporter = mock(FindingReporter.class);
        var guard = new TrustGuard(aws, reporter, mock(RememberedStates.class),
                TrustPolicy.fromEnvironment(Map.of()),
                Clock.fixed(Instant.parse("2026-11-20T02:00:05Z"), ZoneOffset.UTC));

        guard.sweep(schedule);

        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<Proposal>> proposals = ArgumentCaptor.forClass(List.class);
        ArgumentCaptor<AlertChannel.AlertContext> context = ArgumentCaptor.forClass(AlertChannel.AlertContext.class);
        verify(reporter).report(proposals.capture(), context.capture(), any());
        assertEquals(new AlertChannel.AlertContext(schedule.getAccount(), schedule.getRegion(), schedule.getId()),
                context.getValue());
        // A one-way trust of a directory registered with WorkSpaces, and no conditional forwarder for its domain.
        assertEquals(Set.of("t-1234567890/TRUST_NOT_TWO_WAY", "t-1234567890/TRUST_WITHOUT_CONDITIONAL_FORWARDER"),
                Set.copyOf(proposals.getValue().stream()
                        .map(p -> p.finding().resourceId() + "/" + p.finding().rule()).toList()));
    }
}
