package guardrails.shared.config;

import java.util.function.Supplier;

/**
 * The mode a guardrail acts in: fixed by the template, or overridden by an SSM parameter ({@link ParameterModeSwitch}).
 * Settled once per invocation, so one invocation never mixes modes; {@link #get()} is the mode settled.
 */
public interface ModeSwitch extends Supplier<Mode> {

    /** Reads the mode for the invocation about to run and keeps it for it. */
    Mode settle();

    /** The template's mode only: no parameter to read. */
    static ModeSwitch fixed(Mode mode) {
        return new ModeSwitch() {
            @Override
            public Mode settle() {
                return mode;
            }

            @Override
            public Mode get() {
                return mode;
            }
        };
    }
}
