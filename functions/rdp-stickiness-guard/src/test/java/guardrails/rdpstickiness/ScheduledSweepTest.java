package guardrails.rdpstickiness;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import guardrails.shared.reporting.AlertChannel;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.FindingsLedger;
import guardrails.shared.reporting.Proposal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.mockito.ArgumentCaptor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** G6's daily sweep on the schedule sample of events/, typed as Lambda's serialization types it. */
class ScheduledSweepTest {

    @ParameterizedTest
    @Event(value = "events/aws.events-ScheduledEvent.json", type = ScheduledEvent.class)
    void aScheduleSweepsEveryRdpTargetGroupAndReportsInItsAccountAndRegion(ScheduledEvent schedule) {
        StickinessGateway aws = mock(StickinessGateway.class);
        when(aws.rdpTargetGroups()).thenReturn(List.of(RdpStickinessRulesTest.group("TCP", 3389, "false")));
        when(aws.exempt(anyList())).thenReturn(Set.of());
        when(aws.targets(RdpStickinessRulesTest.ARN)).thenReturn(List.of("i-0a1 port 3389"));
        FindingsLedger ledger = mock(FindingsLedger.class);
        when(ledger.lastStates(anyList())).thenReturn(Map.of());
        FindingReporter reporter = mock(FindingReporter.class);

        new RdpStickinessGuard(aws, reporter, ledger).sweep(schedule);

        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<Proposal>> proposals = ArgumentCaptor.forClass(List.class);
        ArgumentCaptor<AlertChannel.AlertContext> context = ArgumentCaptor.forClass(AlertChannel.AlertContext.class);
        verify(reporter).report(proposals.capture(), context.capture());
        verify(ledger).recordStates(Map.of("stickiness|" + RdpStickinessRulesTest.ARN, "NOT_STICKY"));
        assertEquals(new AlertChannel.AlertContext(schedule.getAccount(), schedule.getRegion(), schedule.getId()),
                context.getValue());
        assertEquals(List.of(RdpStickinessRules.NOT_STICKY), proposals.getValue().stream()
                .map(p -> p.finding().rule()).toList());
        assertNotNull(proposals.getValue().get(0).remediation(), "REMEDIATE would turn stickiness on");
    }
}
