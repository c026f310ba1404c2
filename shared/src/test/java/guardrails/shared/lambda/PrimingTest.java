package guardrails.shared.lambda;

import guardrails.shared.priming.Priming;
import guardrails.shared.reporting.GuardrailMetrics;
import guardrails.testing.crac.CheckpointException;
import guardrails.testing.crac.Core;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;


/**
 * Priming through the real CRaC path: handlers register with org.crac, which dispatches to the CRaC implementation
 * it finds (here a test one, named by the system property org.crac.Core.Compat in this module's pom, as the JDK's
 * is found on a CRaC runtime); a checkpoint runs each resource's beforeCheckpoint. Priming runs the invocation's
 * local work and nothing with a side effect: no guardrail call, no metric.
 */
class PrimingTest {

    @Test
    void aCheckpointPrimesEachHandlerWithoutCallingItsGuardrailOrMetrics() {
        AtomicInteger guardrailCalls = new AtomicInteger();
        GuardrailMetrics metrics = mock(GuardrailMetrics.class);
        int before = Core.registered();
        new GuardrailHandler("G0-test", envelope -> {
            guardrailCalls.incrementAndGet();
            return null;
        }, metrics, Tenancy.OWN_ONLY) { };
        assertEquals(before + 1, Core.registered(), "the handler registered with CRaC through org.crac");

        assertDoesNotThrow(Core::checkpointRestore, "a priming that throws would fail the snapshot");

        assertEquals(0, guardrailCalls.get());
        verifyNoInteractions(metrics);
    }

    @Test
    void powertoolsMetricsPrimesItselfAtTheCheckpointWithoutFailingIt() {
        GuardrailMetrics.standardOutput(); // Powertools' MetricsFactory registers itself with CRaC

        assertDoesNotThrow(Core::checkpointRestore, "Powertools preloads its listed classes, its aspect included");
    }

    @Test
    void primingCallsRunAtTheCheckpointAndTheirFailuresNeverStopIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Priming.registerCalls(calls::incrementAndGet, () -> {
            throw new IllegalStateException("the service is unreachable from the snapshot's network");
        }, calls::incrementAndGet);

        Core.checkpointRestore();

        assertEquals(2, calls.get(), "every call ran, the failed one in between too");
    }

    @Test
    void aPrimingThatThrowsFailsTheCheckpoint() {
        Priming.register(() -> {
            throw new IllegalStateException("broken priming");
        });
        try {
            assertThrows(CheckpointException.class, Core::checkpointRestore);
        } finally {
            Core.forgetLast(); // the other tests checkpoint too
        }
    }
}
