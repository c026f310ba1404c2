package guardrails.local;

import guardrails.shared.registry.Guardrail;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What a guardrail brings to the field scenario, for the system tests and the bench: its field case (how to set the
 * seeded account up so the function has something to find, the event that sets it off, the alerts it must produce),
 * what each sample of events/ its rules take must produce, its chapter of the demo, and the account shapes the bench
 * counts its sweep's calls on. Each function module provides its kit in its test sources, named in
 * {@code META-INF/services/guardrails.local.FieldKit} and published in its test jar, so nothing outside the module
 * lists a guardrail's case.
 */
public abstract class FieldKit {

    /** A sample's answer that is no finding but an unusable event, said so (see {@link #samples()}). */
    public static final List<String> IGNORED = List.of("ignored");

    private Guardrail guardrail;

    /** The guardrail this kit is for: the one declared in the kit's own package. */
    public final Guardrail guardrail() {
        if (guardrail == null) {
            String own = getClass().getPackageName();
            guardrail = Guardrail.all().stream().filter(g -> g.getClass().getPackageName().equals(own)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(getClass().getName() + " is a field kit, but no"
                            + " guardrail is declared in " + own + " (guardrails.shared.registry.Guardrail)"));
        }
        return guardrail;
    }

    /** Its function's LogicalId in template.yaml. */
    public final String function() {
        return guardrail().logicalId();
    }

    /** Arranges the field case on the freshly seeded scenario; returns the event that sets the function off. */
    public abstract String arrange(FieldScenario scenario);

    /** The rules of the alerts the field case must produce, once each. */
    public abstract List<String> expectedRules();

    /** The rule REMEDIATE fixes in the field case; empty for a guardrail that only reports. */
    public Optional<String> fixedRule() {
        return Optional.empty();
    }

    /**
     * The calls by which it changes the account, as the stand-in records them at the wire (e.g.
     * "WorkspacesService.TerminateWorkspaces", "RevokeSecurityGroupIngress"); none for a guardrail that only reports.
     */
    public Set<String> actingCalls() {
        return Set.of();
    }

    /** Every guardrail's {@link #actingCalls}: no call outside these changes the account. */
    public static Set<String> everyActingCall() {
        return all().stream().flatMap(kit -> kit.actingCalls().stream()).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Each sample of events/ this function's rules take (the sweep's included), with the rules of its findings when
     * invoked first on the emulator as {@code ./guardrails emulator --seed} prepares it, every guardrail in ALERT
     * mode, sorted: empty for a stated "no finding", {@link #IGNORED} for an event ignored with its reason. What
     * events/README.md promises.
     */
    public abstract Map<String, List<String>> samples();

    /**
     * Its chapter of {@code ./guardrails demo}: its steps on the account the chapters before it left, every function
     * in REMEDIATE mode. It says what it arranged, runs its function and shows what the function did.
     */
    public abstract void tell(DemoStory story);

    /** An account shape for counting a sweep's calls: what to add to the field scenario, and its name in the table. */
    public record SweepAccount(String description, Consumer<FieldScenario> arrange) {
    }

    /** The bench's accounts for this function's sweep, a small and a large one (none: measured elsewhere). */
    public List<SweepAccount> accounts() {
        return List.of();
    }

    /** Every kit on the class path, in the guardrails' order. */
    public static List<FieldKit> all() {
        return ServiceLoader.load(FieldKit.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(kit -> Integer.parseInt(kit.guardrail().number().substring(1))))
                .toList();
    }

    /** Its function's name: what a parameterized test shows for it. */
    @Override
    public final String toString() {
        return function();
    }
}
