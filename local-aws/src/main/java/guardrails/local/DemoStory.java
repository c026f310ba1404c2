package guardrails.local;

import java.util.Map;

/**
 * What a guardrail's chapter of {@code ./guardrails demo} is told with: the demo plays every guardrail's chapter
 * ({@link FieldKit#tell}) on one seeded account, in the guardrails' order, every function deployed in REMEDIATE
 * mode, and prints each step, each outcome and each alert as an email subscriber reads it.
 */
public interface DemoStory {

    /** The seeded account, as the chapters before this one left it. */
    FieldScenario scenario();

    /** Starts a step, numbered by the demo: "-- 7. {@code title}". */
    void step(String title);

    /** A line of the step's narration. */
    void say(String text);

    /** The function's real handler on the event, as deployed (with these environment values besides); its result. */
    String invoke(String logicalId, String event, Map<String, String> environment);

    default String invoke(String logicalId, String event) {
        return invoke(logicalId, event, Map.of());
    }

    /** What the function concluded: a line per finding, or {@code quiet} when it reported nothing new. */
    void outcome(String result, String quiet);

    /** The alerts published since the last call, printed as email subscribers read them; how many there were. */
    int alerts();

    /** {@link #invoke}, then its {@link #outcome} and its {@link #alerts}. */
    default void run(String logicalId, String event, String quiet) {
        outcome(invoke(logicalId, event), quiet);
        alerts();
    }
}
