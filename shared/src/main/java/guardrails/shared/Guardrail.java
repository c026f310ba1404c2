package guardrails.shared;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * One guardrail as the tools around its function see it (the bench, the system tests, the template's checks): declared
 * once, in its own module, and found by {@link ServiceLoader} through the module's
 * {@code META-INF/services/guardrails.shared.Guardrail}. Nothing outside the module lists guardrails by hand.
 */
public interface Guardrail {

    /** "G6-rdp-stickiness": the metric dimension, the findings' guardrail and the mode parameter's path. */
    String key();

    /** The function's logical id in template.yaml. */
    String logicalId();

    /** The Maven module the function is built from (the Makefile's build target names it). */
    String module();

    /** Whether it can change the account, and so reads its mode parameter (REMEDIATE or ALERT). */
    boolean canAct();

    /** Every IAM action its code calls, the mode parameter's read included: template.yaml grants exactly these. */
    List<String> iamActions();

    /** The SDK service clients its deployable jar carries (package names under software.amazon.awssdk.services). */
    List<String> serviceClients();

    /** SnapStart priming: each AWS operation its gateway makes, on clients that send nothing. */
    Runnable[] primingCalls(String region);

    /** "G6": the number the README, the docs and the template's Description name it by. */
    default String number() {
        return key().substring(0, key().indexOf('-'));
    }

    /**
     * A declaration by its values: a module's descriptor is one constructor call (ServiceLoader, on the class path,
     * instantiates a provider through its public no-argument constructor).
     */
    abstract class Declared implements Guardrail {
        private final String key;
        private final String logicalId;
        private final String module;
        private final boolean canAct;
        private final List<String> iamActions;
        private final List<String> serviceClients;
        private final Function<String, Runnable[]> primingCalls;

        protected Declared(String key, String logicalId, String module, boolean canAct, List<String> iamActions,
                           List<String> serviceClients, Function<String, Runnable[]> primingCalls) {
            this.key = key;
            this.logicalId = logicalId;
            this.module = module;
            this.canAct = canAct;
            this.iamActions = List.copyOf(iamActions);
            this.serviceClients = List.copyOf(serviceClients);
            this.primingCalls = primingCalls;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public String logicalId() {
            return logicalId;
        }

        @Override
        public String module() {
            return module;
        }

        @Override
        public boolean canAct() {
            return canAct;
        }

        @Override
        public List<String> iamActions() {
            return iamActions;
        }

        @Override
        public List<String> serviceClients() {
            return serviceClients;
        }

        @Override
        public Runnable[] primingCalls(String region) {
            return primingCalls.apply(region);
        }
    }

    /** Every guardrail on the class path, by number (G1, G2, ..., G10). */
    static List<Guardrail> all() {
        return ServiceLoader.load(Guardrail.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(g -> Integer.parseInt(g.number().substring(1)))).toList();
    }
}
