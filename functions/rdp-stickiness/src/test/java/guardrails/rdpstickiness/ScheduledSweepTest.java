package guardrails.rdpstickiness;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import guardrails.shared.channels.AlertChannel;
import guardrails.shared.lifecycle.Examined;
import guardrails.shared.reporting.Tracker;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.mockito.ArgumentCaptor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** G6's daily sweep on the schedule sample of events/, typed as Lambda's serialization types it. */
class ScheduledSweepTest {

    @ParameterizedTest
    @Event(value = "events/aws.events-ScheduledEvent.json", type = ScheduledEvent.class)
    void aScheduleSweepsEveryRdpTargetGroupAndTracksItInItsAccountAndRegion(ScheduledEvent schedule) {
        StickinessGateway aws = mock(StickinessGateway.class);
        when(aws.rdpTargetGroups()).thenReturn(List.of(RdpStickinessRulesTest.group("TCP", 3389, "false")));
        when(aws.targets(RdpStickinessRulesTest.ARN)).thenReturn(List.of("i-0a1 port 3389"));
        Tracker tracker = mock(Tracker.class);
        RdpStickinessGuard guard = new RdpStickinessGuard(aws, tracker);
        when(tracker.sweep(any(), any(ScheduledEvent.class))).thenAnswer(call -> {
            RdpStickinessGuard resources = call.getArgument(0);
            ScheduledEvent fired = call.getArgument(1);
            return tracker.track(resources.examine(resources.all()), new AlertChannel.AlertContext(
                    fired.getAccount(), fired.getRegion(), fired.getId()));
        });

        guard.sweep(schedule);

        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<Examined>> examined = ArgumentCaptor.forClass(List.class);
        ArgumentCaptor<AlertChannel.AlertContext> context = ArgumentCaptor.forClass(AlertChannel.AlertContext.class);
        verify(tracker).track(examined.capture(), context.capture());
        assertEquals(new AlertChannel.AlertContext(schedule.getAccount(), schedule.getRegion(), schedule.getId()),
                context.getValue());
        Examined group = examined.getValue().get(0);
        assertEquals(RdpStickinessRulesTest.ARN, group.resourceId());
        assertEquals(List.of(RdpStickinessRules.NOT_STICKY), group.open().stream().map(p -> p.finding().rule())
                .toList());
        assertEquals("NOT_STICKY", group.open().get(0).state());
        assertTrue(group.open().get(0).finding().seen().contains("i-0a1 port 3389"), "targets named");
        assertNotNull(group.open().get(0).remediation(), "REMEDIATE would turn stickiness on");
        assertEquals(RdpStickinessRules.STICKY_AGAIN, group.recovery().apply(new Examined.Closed("x", "NOT_STICKY",
                null)).orElseThrow().rule(), "its recovery words");
    }
}
