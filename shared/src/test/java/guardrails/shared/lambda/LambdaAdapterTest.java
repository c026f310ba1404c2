package guardrails.shared.lambda;

import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.GuardrailMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** The metrics the template's alarms watch: a sweep's heartbeat, and unusable events by guardrail alone. */
class LambdaAdapterTest {

    private final GuardrailMetrics metrics = mock(GuardrailMetrics.class);
    private final LambdaAdapter adapter = new LambdaAdapter("G9-test", metrics, Tenancy.OWN_ONLY);

    private void handle(InputStream event, boolean fails) throws IOException {
        try {
            adapter.handle(event, new ByteArrayOutputStream(), null, envelope -> {
                if (fails) {
                    throw new IllegalStateException("a dependency is down");
                }
                return new FindingReporter.Report(List.of(), List.of());
            });
        } catch (IllegalStateException expected) {
            // Lambda retries it
        }
    }

    private static InputStream sample(String name) {
        return LambdaAdapterTest.class.getResourceAsStream("/events/" + name);
    }

    @Test
    void aCompletedSweepBeatsItsHeartbeat() throws IOException {
        handle(sample("aws.events-ScheduledEvent.json"), false);

        verify(metrics).put(LambdaAdapter.SWEEPS_COMPLETED, 1, GuardrailMetrics.Unit.COUNT,
                Map.of("Guardrail", "G9-test"));
    }

    @Test
    void aFailedSweepOrAnEventThatIsNoSweepDoesNot() throws IOException {
        handle(sample("aws.events-ScheduledEvent.json"), true);
        handle(sample("aws.ds-CreateTrust.json"), false);

        verify(metrics, never()).put(eq(LambdaAdapter.SWEEPS_COMPLETED), anyDouble(), any(), anyMap());
    }

    @Test
    void anUnusableEventCountsByReasonAndByGuardrailAlone() throws IOException {
        handle(new ByteArrayInputStream("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)), false);

        verify(metrics).put(LambdaAdapter.UNUSABLE_EVENTS, 1, GuardrailMetrics.Unit.COUNT,
                Map.of("Guardrail", "G9-test", "Reason", "MISSING_FIELD"));
        verify(metrics).put(LambdaAdapter.UNUSABLE_EVENTS, 1, GuardrailMetrics.Unit.COUNT,
                Map.of("Guardrail", "G9-test"));
        verify(metrics, never()).put(eq(LambdaAdapter.SWEEPS_COMPLETED), anyDouble(), any(), anyMap());
    }
}
