package guardrails.shared.reporting;

import guardrails.shared.config.GuardrailsConfig;
import guardrails.shared.lifecycle.DynamoDbLifecycleStore;
import guardrails.shared.lifecycle.ResourceRecord;
import guardrails.shared.priming.Priming;
import java.time.Clock;
import java.util.List;

/** Wires a guardrail's {@link Tracker} on the reporting end: its records in the findings table. */
public final class Tracking {

    private Tracking() {
    }

    public static Tracker wire(String guardrail, Reporting reporting, GuardrailsConfig config) {
        var store = new DynamoDbLifecycleStore(reporting.dynamo(), config.findingsTable(), Clock.systemUTC());
        Priming.registerCalls(primingCalls(config));
        return new Tracker(guardrail, store, reporting.reporter(), Clock.systemUTC());
    }

    /**
     * SnapStart priming: a tracker on the offline reporting end ({@link Reporting#offline}), its records on a client
     * that sends nothing, for running a guardrail's whole pipeline over sample resources before the snapshot.
     */
    public static Tracker offline(String guardrail, Reporting offline, GuardrailsConfig config) {
        return new Tracker(guardrail, new DynamoDbLifecycleStore(offline.dynamo(), config.findingsTable(),
                Clock.systemUTC()), offline.reporter(), Clock.systemUTC());
    }

    /** SnapStart priming: the store's calls on a client that sends nothing ({@link Priming#offline}). */
    public static Runnable[] primingCalls(GuardrailsConfig config) {
        var store = new DynamoDbLifecycleStore(Reporting.offline(config).dynamo(), config.findingsTable(),
                Clock.systemUTC());
        return new Runnable[] {
            () -> store.load("priming", List.of("priming")),
            () -> store.save("priming", "priming", ResourceRecord.NONE, 1),
        };
    }
}
