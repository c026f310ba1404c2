package guardrails.shared.registry;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import guardrails.shared.config.AwsClients;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.lambda.GuardrailHandler;
import guardrails.shared.lambda.Tenancy;
import guardrails.shared.lifecycle.LifecycleStore;
import guardrails.shared.lifecycle.RememberedStates;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.GuardrailMetrics;
import guardrails.shared.reporting.Tracker;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;

/**
 * One guardrail as the tools around its function see it (the audit, the bench, the system tests, the template's
 * checks): declared once, in its own module, and found by {@link ServiceLoader} through the module's
 * {@code META-INF/services/guardrails.shared.registry.Guardrail}. The tools iterate {@link #all()} instead of listing
 * guardrails (docs/development.md names the few that still do, and why).
 *
 * <p>A guardrail has one name, "G6-rdp-stickiness": its Maven module is {@code functions/rdp-stickiness}, its Java
 * package {@code guardrails.rdpstickiness}, its page {@code functions/rdp-stickiness/README.md} and its resources in
 * template.yaml {@code RdpStickinessFunction}, {@code RdpStickinessFailedEvents}, ...
 */
public interface Guardrail {

    /** "G6-rdp-stickiness": the metric dimension, the findings' guardrail and the mode parameter's path. */
    String key();

    /** "RDP session stickiness": what it watches, as the audit titles its section. */
    String title();

    /** Whether it can change the account, and so reads its mode parameter (REMEDIATE or ALERT). */
    boolean canAct();

    /** Every IAM action its code calls, the mode parameter's read included: template.yaml grants exactly these. */
    List<String> iamActions();

    /** The SDK service clients its deployable jar carries (package names under software.amazon.awssdk.services). */
    List<String> serviceClients();

    /** SnapStart priming: each AWS operation its gateway makes, on clients that send nothing. */
    Runnable[] primingCalls(String region);

    /** Its Lambda handler as the runtime builds it, from the function's environment variables. */
    RequestStreamHandler handler(Map<String, String> environment);

    /**
     * What its handler's priming (the whole pipeline on a sample, in REMEDIATE mode) reports: the sample's resource
     * id, and a word its remediation's outcome says when it acted (null: it has no remediation).
     */
    PrimingSample primingSample();

    record PrimingSample(String resourceId, String remediationSays) {
    }

    /**
     * Its guard over the parts given: the seam the audit (observers at the AWS boundary, nothing written) and the
     * tests (fakes at the boundary) build it through. The deployed function wires the same guard in its handler.
     */
    Pipeline pipeline(Parts parts);

    /** The words the audit counts what it judged in ("subnet"), and the gateway methods whose answers are those. */
    Audited audited();

    record Audited(String noun, List<String> answeredBy) {
    }

    /** Its handler over the parts given: the deployed function's adapter around {@link #pipeline}. */
    default RequestStreamHandler handler(Parts parts) {
        return GuardrailHandler.over(key(), pipeline(parts).handle(), parts.metrics(), Tenancy.OWN_ONLY);
    }

    /** A guard's two entry points: an event (a CloudTrail call or a schedule), and a sweep run in the mode settled. */
    record Pipeline(Function<EventEnvelope, FindingReporter.Report> handle,
                    Function<ScheduledEvent, FindingReporter.Report> sweep) {
    }

    /**
     * What a guard is built from. {@code boundary} gives the gateway it reads the account through: the real one, or
     * an observer or a fake of it.
     */
    record Parts(Map<String, String> environment, String region, FindingReporter reporter, RememberedStates states,
                 LifecycleStore store, GuardrailMetrics metrics, Clock clock, Boundary boundary) {

        /** The finding lifecycle of this guardrail over the parts' store and reporter. */
        public Tracker tracker(String guardrail) {
            return new Tracker(guardrail, store, reporter, clock);
        }

        public <T> T gateway(Class<T> type, Supplier<T> real, String... changes) {
            return boundary.gateway(type, real, changes);
        }

        /** An SDK client of the parts' Region, built as the functions build theirs. */
        public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
            return AwsClients.build(builder, region);
        }
    }

    /** The AWS boundary of a guard built over {@link Parts}. */
    interface Boundary {

        /**
         * The gateway of this type: {@code real} (call it only if the real one is wanted), or a stand-in for it;
         * {@code changes} names its methods that change the account (its remediations).
         */
        <T> T gateway(Class<T> type, Supplier<T> real, String... changes);
    }

    /** "G6". */
    default String number() {
        return key().substring(0, key().indexOf('-'));
    }

    /** "rdp-stickiness": the key without its number; the Maven module under functions/. */
    default String name() {
        return key().substring(key().indexOf('-') + 1);
    }

    default String module() {
        return name();
    }

    /** "RdpStickiness": the prefix of each of its resources' logical ids in template.yaml. */
    default String resourcePrefix() {
        return Arrays.stream(name().split("-")).map(w -> w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1))
                .collect(Collectors.joining());
    }

    /** "RdpStickinessFunction": its function's logical id in template.yaml (and the Makefile's build target). */
    default String logicalId() {
        return resourcePrefix() + "Function";
    }

    /** Starts a declaration: a module's descriptor is one chain of calls, handed to {@link Declared}. */
    static Declaration declare(String key, String title) {
        return new Declaration(key, title);
    }

    /** A declaration being written: each call sets one part and returns it, for the next. */
    final class Declaration {
        private final String key;
        private final String title;
        private boolean canAct;
        private List<String> iamActions = List.of();
        private List<String> serviceClients = List.of();
        private Function<String, Runnable[]> primingCalls;
        private Function<Map<String, String>, RequestStreamHandler> handler;
        private PrimingSample primingSample;
        private Function<Parts, Pipeline> pipeline;
        private Audited audited;

        private Declaration(String key, String title) {
            this.key = key;
            this.title = title;
        }

        /** It can change the account: it reads its mode parameter. */
        public Declaration acting() {
            canAct = true;
            return this;
        }

        public Declaration iamActions(List<String> actions) {
            iamActions = List.copyOf(actions);
            return this;
        }

        public Declaration serviceClients(String... clients) {
            serviceClients = List.of(clients);
            return this;
        }

        public Declaration handler(Function<Map<String, String>, RequestStreamHandler> factory) {
            handler = factory;
            return this;
        }

        public Declaration priming(Function<String, Runnable[]> calls, String sampleResourceId,
                                   String remediationSays) {
            primingCalls = calls;
            primingSample = new PrimingSample(sampleResourceId, remediationSays);
            return this;
        }

        public Declaration pipeline(Function<Parts, Pipeline> guard) {
            pipeline = guard;
            return this;
        }

        /** The audit counts the answers of these gateway methods, in these words. */
        public Declaration audited(String noun, String... answeredBy) {
            audited = new Audited(noun, List.of(answeredBy));
            return this;
        }
    }

    /**
     * The base of a module's descriptor: ServiceLoader, on the class path, instantiates a provider through its public
     * no-argument constructor, which hands its {@link Declaration} up.
     */
    abstract class Declared implements Guardrail {
        private final Declaration declaration;

        protected Declared(Declaration declaration) {
            if (declaration.handler == null || declaration.primingCalls == null || declaration.pipeline == null
                    || declaration.audited == null) {
                throw new IllegalArgumentException(declaration.key
                        + " declares no handler, priming, pipeline or audited resources");
            }
            this.declaration = declaration;
        }

        @Override
        public String key() {
            return declaration.key;
        }

        @Override
        public String title() {
            return declaration.title;
        }

        @Override
        public boolean canAct() {
            return declaration.canAct;
        }

        @Override
        public List<String> iamActions() {
            return declaration.iamActions;
        }

        @Override
        public List<String> serviceClients() {
            return declaration.serviceClients;
        }

        @Override
        public Runnable[] primingCalls(String region) {
            return declaration.primingCalls.apply(region);
        }

        @Override
        public RequestStreamHandler handler(Map<String, String> environment) {
            return declaration.handler.apply(environment);
        }

        @Override
        public PrimingSample primingSample() {
            return declaration.primingSample;
        }

        @Override
        public Pipeline pipeline(Parts parts) {
            return declaration.pipeline.apply(parts);
        }

        @Override
        public Audited audited() {
            return declaration.audited;
        }

        @Override
        public String toString() {
            return key();
        }
    }

    /** Every guardrail on the class path, by number (G1, G2, ..., G10). */
    static List<Guardrail> all() {
        return ServiceLoader.load(Guardrail.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(g -> Integer.parseInt(g.number().substring(1)))).toList();
    }
}
