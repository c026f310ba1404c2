package guardrails.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Priming runs the invocation's local work and nothing with a side effect: no guardrail call, no metric. */
class PrimingTest {

    @Test
    void primingTouchesNoGuardrailAndNoMetric() {
        AtomicInteger guardrailCalls = new AtomicInteger();
        EmbeddedMetrics metrics = mock(EmbeddedMetrics.class);
        new GuardrailHandler("G0-test", envelope -> {
            guardrailCalls.incrementAndGet();
            return null;
        }, metrics, Tenancy.OWN_ONLY) { };

        Priming.primeAll();

        assertEquals(0, guardrailCalls.get());
        verifyNoInteractions(metrics);
    }
}
