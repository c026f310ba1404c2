package guardrails.networkexposure;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import guardrails.shared.reporting.AlertChannel;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.FindingsLedger;
import guardrails.shared.reporting.Proposal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.mockito.ArgumentCaptor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** G5's sweep on the schedule sample of events/, typed as Lambda's serialization types it. */
class ScheduledSweepTest {

    @ParameterizedTest
    @Event(value = "events/aws.events-ScheduledEvent.json", type = ScheduledEvent.class)
    void aScheduleSweepsEverySecurityGroupAndReportsInItsAccountAndRegion(ScheduledEvent schedule) {
        SecurityGroup bastion = NetworkExposureRulesTest.group(SecurityGroup.Role.OTHER,
                NetworkExposureRulesTest.world("sgr-0aa", "tcp", 3389, 3389));
        ExposureGateway aws = mock(ExposureGateway.class);
        when(aws.securityGroups()).thenReturn(List.of(bastion));
        FindingsLedger ledger = mock(FindingsLedger.class);
        when(ledger.lastStates(anyList())).thenReturn(Map.of());
        FindingReporter reporter = mock(FindingReporter.class);

        new NetworkExposureGuard(aws, new ExposurePolicy(List.of()), reporter, ledger).sweep(schedule);

        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<Proposal>> proposals = ArgumentCaptor.forClass(List.class);
        ArgumentCaptor<AlertChannel.AlertContext> context = ArgumentCaptor.forClass(AlertChannel.AlertContext.class);
        verify(reporter).report(proposals.capture(), context.capture());
        verify(ledger).recordStates(Map.of("exposure|" + bastion.id(), "sgr-0aa"));
        assertEquals(new AlertChannel.AlertContext(schedule.getAccount(), schedule.getRegion(), schedule.getId()),
                context.getValue());
        assertEquals(List.of("RDP_OPEN_TO_WORLD"), proposals.getValue().stream().map(p -> p.finding().rule()).toList());
        assertNotNull(proposals.getValue().get(0).remediation(), "REMEDIATE would revoke it");
    }
}
