package guardrails.shared.config;

import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.lambda.powertools.parameters.ssm.SSMProvider;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * A guardrail's mode, changeable without a redeploy: the SSM parameter the template creates (its value starts as the
 * template's mode parameter), read with Powertools parameters and cached for a minute. Read once per invocation
 * ({@link #settle()}), so one invocation never mixes modes. Only the functions that can act carry Powertools'
 * parameters and the SSM client in their jar: this class is loaded only when a mode parameter is named.
 *
 * <p>Never act on a guess: a parameter that is gone means the template's mode (the deployment's own choice), but one
 * that cannot be read or holds anything but ALERT or REMEDIATE means ALERT, with one log line saying why.
 */
public final class ParameterModeSwitch implements ModeSwitch {

    private static final Logger LOG = LoggerFactory.getLogger(ParameterModeSwitch.class);
    static final int CACHE_SECONDS = 60;

    private final Mode templateMode;
    private final String parameterName;
    private final SSMProvider parameters;
    private volatile Mode settled;

    private ParameterModeSwitch(Mode templateMode, String parameterName, SSMProvider parameters) {
        this.templateMode = templateMode;
        this.parameterName = parameterName;
        this.parameters = parameters;
        this.settled = templateMode;
    }

    /** The template's mode, overridden by the named SSM parameter when it is set. */
    public static ParameterModeSwitch overriddenBy(Mode templateMode, String parameterName, SsmClient ssm) {
        return new ParameterModeSwitch(templateMode, parameterName, SSMProvider.builder().withClient(ssm).build());
    }

    /** The deployed function's switch: its configuration's mode and parameter, primed before the snapshot. */
    public static ModeSwitch of(GuardrailsConfig config) {
        guardrails.shared.priming.Priming.registerCalls(primingCalls(config.region(), config.modeParameter()));
        return overriddenBy(config.mode(), config.modeParameter(),
                AwsClients.build(SsmClient.builder(), config.region()));
    }

    /** Reads the mode for the invocation about to run (from the cache when it is fresh) and keeps it for it. */
    @Override
    public Mode settle() {
        Mode mode;
        try {
            String value = parameters.withMaxAge(CACHE_SECONDS, ChronoUnit.SECONDS).get(parameterName);
            mode = Mode.parse(value);
        } catch (ParameterNotFoundException e) {
            mode = templateMode;
        } catch (IllegalArgumentException e) {
            LOG.warn("mode parameter invalid: acting in ALERT mode", entry("parameter", parameterName),
                    entry("allowed", "ALERT, REMEDIATE"));
            mode = Mode.ALERT;
        } catch (RuntimeException e) {
            // Denied, throttled past retries, unreachable: the SDK's error, or anything the provider threw.
            LOG.warn("mode parameter unreadable: acting in ALERT mode", entry("parameter", parameterName),
                    entry("errorType", e.getClass().getSimpleName()));
            mode = Mode.ALERT;
        }
        settled = mode;
        return mode;
    }

    /** Every action the switch needs, for the least-privilege test. */
    public static final java.util.List<String> IAM_ACTIONS = java.util.List.of("ssm:GetParameter");

    /** A guardrail's own actions and the switch's: what a function that can act calls. */
    public static java.util.List<String> withModeParameter(java.util.List<String> actions) {
        return java.util.stream.Stream.concat(actions.stream(), IAM_ACTIONS.stream()).toList();
    }

    /** SnapStart priming: the parameter read, on a client that sends nothing. */
    public static Runnable[] primingCalls(String region, String parameterName) {
        SsmClient ssm = guardrails.shared.priming.Priming.offline(SsmClient.builder(), region);
        return new Runnable[] {() -> ssm.getParameter(r -> r.name(parameterName))};
    }

    /** The mode settled for the current invocation. */
    @Override
    public Mode get() {
        return settled;
    }
}
