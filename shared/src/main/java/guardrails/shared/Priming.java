package guardrails.shared;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming (the template publishes versions with SnapStart): before the snapshot, each handler runs the
 * side-effect-free part of an invocation, so the restored function starts with those classes loaded and warm.
 * CRaC holds resources weakly: the registry here keeps them alive.
 */
public final class Priming implements Resource {

    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();

    private final Runnable prime;

    private Priming(Runnable prime) {
        this.prime = prime;
    }

    public static void register(Runnable prime) {
        Priming priming = new Priming(prime);
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
    }

    /**
     * Registers read-only AWS calls (one page of one item) that warm an SDK client's whole request path: protocol,
     * signing, HTTP. A failure is ignored: priming must never stop a snapshot.
     */
    public static void registerCalls(Runnable... calls) {
        register(() -> {
            for (Runnable call : calls) {
                try {
                    call.run();
                } catch (RuntimeException ignored) {
                    // the invocation will pay for this client's first call instead
                }
            }
        });
    }

    /** What a checkpoint would run; the benchmarks call it to measure a primed first invocation. */
    public static void primeAll() {
        REGISTERED.forEach(p -> p.prime.run());
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime.run();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing captured at checkpoint needs renewing: clients hold no time or randomness
    }
}
