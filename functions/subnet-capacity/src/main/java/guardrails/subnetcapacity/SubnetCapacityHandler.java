package guardrails.subnetcapacity;

import guardrails.shared.config.AwsClients;
import guardrails.shared.config.GuardrailsConfig;
import guardrails.shared.lambda.GuardrailHandler;
import guardrails.shared.lambda.Tenancy;
import guardrails.shared.priming.Priming;
import guardrails.shared.reporting.GuardrailMetrics;
import guardrails.shared.reporting.Reporting;
import guardrails.shared.reporting.Tracking;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/** G3's Lambda entry point: wiring, then one call. The rules are in {@link SubnetCapacityRules}. */
public final class SubnetCapacityHandler extends GuardrailHandler {

    /** Lambda's constructor: real clients, built once per container. */
    public SubnetCapacityHandler() {
        this(System.getenv());
    }

    /** The local runner's constructor: the same wiring, configuration from the map given. */
    public SubnetCapacityHandler(Map<String, String> env) {
        this(wire(GuardrailsConfig.fromEnvironment(env), SubnetCapacity.Thresholds.fromEnvironment(env)),
                GuardrailMetrics.standardOutput(), Tenancy.OWN_ONLY);
    }

    public SubnetCapacityHandler(SubnetCapacityGuard guard, GuardrailMetrics metrics, Tenancy tenancy) {
        super(SubnetCapacityRules.GUARDRAIL, guard::handle, metrics, tenancy);
    }

    private static SubnetCapacityGuard wire(GuardrailsConfig config, SubnetCapacity.Thresholds thresholds) {
        Reporting reporting = Reporting.wire(config, SubnetCapacityRules::isRecovery);
        WorkSpacesClient workspaces = AwsClients.build(WorkSpacesClient.builder(), config.region());
        Ec2Client ec2 = AwsClients.build(Ec2Client.builder(), config.region());
        var gateway = new AwsSubnetGateway(workspaces, ec2);
        Priming.registerCalls(() -> workspaces.describeWorkspaceDirectories(r -> r.limit(1)),
                () -> ec2.describeSubnets(r -> r.maxResults(5)));
        Priming.registerCalls(AwsSubnetGateway.primingCalls(config.region()));
        Priming.registerCalls(primingSweep(config, thresholds));
        return new SubnetCapacityGuard(gateway, Tracking.wire(SubnetCapacityRules.GUARDRAIL, reporting, config),
                reporting.states(),
                GuardrailMetrics.standardOutput(), thresholds, Clock.systemUTC());
    }

    /**
     * SnapStart priming: one sweep of a sample subnet through the whole pipeline (rules, memory, reporter, alert),
     * on clients that send nothing and metrics that write nothing.
     */
    private static Runnable primingSweep(GuardrailsConfig config, SubnetCapacity.Thresholds thresholds) {
        SubnetGateway sample = new SubnetGateway() {
            @Override
            public Map<String, List<String>> directorySubnets() {
                return Map.of("d-0000000000", List.of("subnet-00000000"));
            }

            @Override
            public List<SubnetCapacity> describeSubnets(List<String> subnetIds) {
                return List.of(new SubnetCapacity("subnet-00000000", "10.0.0.0/27", 2));
            }

            @Override
            public List<SubnetCapacity> taggedSubnets() {
                return List.of();
            }
        };
        Reporting offline = Reporting.offline(config);
        var guard = new SubnetCapacityGuard(sample, Tracking.offline(SubnetCapacityRules.GUARDRAIL, offline, config),
                offline.states(), GuardrailMetrics.discarding(),
                thresholds, Clock.systemUTC());
        return () -> guard.sweep(Priming.sampleSchedule(config.region()));
    }
}
