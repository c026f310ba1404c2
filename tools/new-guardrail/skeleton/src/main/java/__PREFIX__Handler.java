package guardrails.__PACKAGE__;

import guardrails.shared.config.AwsClients;
import guardrails.shared.config.GuardrailsConfig;
import guardrails.shared.lambda.GuardrailHandler;
import guardrails.shared.priming.Priming;
import guardrails.shared.lambda.Tenancy;
import guardrails.shared.reporting.Tracking;
import guardrails.shared.reporting.GuardrailMetrics;
import guardrails.shared.reporting.Reporting;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/** __NUMBER__'s Lambda entry point: wiring, then one call. The rules are in {@link __PREFIX__Rules}. */
public final class __PREFIX__Handler extends GuardrailHandler {

    /** The directory the priming sweep reports on. */
    static final String PRIMING_DIRECTORY = "d-0000000000";

    /** Lambda's constructor: real clients, built once per container. */
    public __PREFIX__Handler() {
        this(System.getenv());
    }

    /** The local runner's constructor: the same wiring, configuration from the map given. */
    public __PREFIX__Handler(Map<String, String> env) {
        this(wire(GuardrailsConfig.fromEnvironment(env)), GuardrailMetrics.standardOutput(), Tenancy.OWN_ONLY);
    }

    public __PREFIX__Handler(__PREFIX__Guard guard, GuardrailMetrics metrics, Tenancy tenancy) {
        super(__PREFIX__Rules.GUARDRAIL, guard::handle, metrics, tenancy);
    }

    private static __PREFIX__Guard wire(GuardrailsConfig config) {
        Reporting reporting = Reporting.wire(config, __PREFIX__Rules::isRecovery);
        WorkSpacesClient workspaces = AwsClients.build(WorkSpacesClient.builder(), config.region());
        Priming.registerCalls(Aws__PREFIX__Gateway.primingCalls(config.region()));
        Priming.registerCalls(primingSweep(config));
        return new __PREFIX__Guard(new Aws__PREFIX__Gateway(workspaces), Tracking.wire(__PREFIX__Rules.GUARDRAIL,
                reporting, config));
    }

    /** SnapStart priming: one sweep of a sample directory through the whole pipeline, sending nothing. */
    private static Runnable primingSweep(GuardrailsConfig config) {
        __PREFIX__Gateway sample = () -> List.of(new Directory(PRIMING_DIRECTORY, "priming", "ERROR"));
        var guard = new __PREFIX__Guard(sample, Tracking.offline(__PREFIX__Rules.GUARDRAIL, Reporting.offline(config),
                config));
        return () -> guard.sweep(Priming.sampleSchedule(config.region()));
    }
}
