package guardrails.networkexposure;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import guardrails.shared.channels.AlertChannel;
import guardrails.shared.lifecycle.Examined;
import guardrails.shared.reporting.Tracker;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.mockito.ArgumentCaptor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** G5's sweep on the schedule sample of events/, typed as Lambda's serialization types it. */
class ScheduledSweepTest {

    @ParameterizedTest
    @Event(value = "events/aws.events-ScheduledEvent.json", type = ScheduledEvent.class)
    void aScheduleSweepsEverySecurityGroupAndTracksItInItsAccountAndRegion(ScheduledEvent schedule) {
        SecurityGroup bastion = NetworkExposureRulesTest.group(SecurityGroup.Role.OTHER,
                NetworkExposureRulesTest.world("sgr-0aa", "tcp", 3389, 3389));
        ExposureGateway aws = mock(ExposureGateway.class);
        when(aws.securityGroups()).thenReturn(List.of(bastion));
        Tracker tracker = mock(Tracker.class);
        NetworkExposureGuard guard = new NetworkExposureGuard(aws, new ExposurePolicy(List.of()), tracker);
        when(tracker.sweep(any(), any(ScheduledEvent.class))).thenAnswer(call -> {
            NetworkExposureGuard resources = call.getArgument(0);
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
        assertEquals(bastion.id(), group.resourceId());
        assertFalse(group.exempt());
        assertEquals(List.of("RDP_OPEN_TO_WORLD"), group.open().stream().map(p -> p.finding().rule()).toList());
        assertEquals("sgr-0aa", group.open().get(0).state(), "the same rules are the same problem");
        assertNotNull(group.open().get(0).remediation(), "REMEDIATE would revoke it");
    }
}
