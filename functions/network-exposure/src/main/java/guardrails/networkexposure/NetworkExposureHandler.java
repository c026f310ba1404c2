package guardrails.networkexposure;

import guardrails.shared.config.AwsClients;
import guardrails.shared.config.GuardrailsConfig;
import guardrails.shared.lambda.GuardrailHandler;
import guardrails.shared.lambda.Tenancy;
import guardrails.shared.priming.Priming;
import guardrails.shared.reporting.GuardrailMetrics;
import guardrails.shared.reporting.Reporting;
import guardrails.shared.reporting.Tracking;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/** G5's Lambda entry point: wiring, then one call. The rules are in {@link NetworkExposureRules}. */
public final class NetworkExposureHandler extends GuardrailHandler {

    /** Lambda's constructor: real clients, built once per container. */
    public NetworkExposureHandler() {
        this(System.getenv());
    }

    /** The local runner's constructor: the same wiring, configuration from the map given. */
    public NetworkExposureHandler(Map<String, String> env) {
        this(wire(GuardrailsConfig.fromEnvironment(env), ExposurePolicy.fromEnvironment(env)),
                GuardrailMetrics.standardOutput(), Tenancy.OWN_ONLY);
    }

    public NetworkExposureHandler(NetworkExposureGuard guard, GuardrailMetrics metrics, Tenancy tenancy) {
        super(NetworkExposureRules.GUARDRAIL, guard::handle, metrics, tenancy);
    }

    private static NetworkExposureGuard wire(GuardrailsConfig config, ExposurePolicy policy) {
        Reporting reporting = Reporting.wire(config, NetworkExposureRules::isRecovery);
        Ec2Client ec2 = AwsClients.build(Ec2Client.builder(), config.region());
        DirectoryClient directories = AwsClients.build(DirectoryClient.builder(), config.region());
        WorkSpacesClient workspaces = AwsClients.build(WorkSpacesClient.builder(), config.region());
        Priming.registerCalls(() -> ec2.describeSecurityGroups(r -> r.maxResults(5)));
        Priming.registerCalls(AwsExposureGateway.primingCalls(config.region()));
        Priming.registerCalls(primingSweep(config, policy));
        return new NetworkExposureGuard(new AwsExposureGateway(ec2, directories, workspaces), policy,
                Tracking.wire(NetworkExposureRules.GUARDRAIL, reporting, config));
    }

    /**
     * SnapStart priming: one sweep of a sample group with RDP open to the world through the whole pipeline (rules,
     * memory, reporter, the revoke in REMEDIATE mode, alert), on a sample gateway and clients that send nothing.
     */
    private static Runnable primingSweep(GuardrailsConfig config, ExposurePolicy policy) {
        SecurityGroup sample = new SecurityGroup("sg-00000000000000000", "priming", "vpc-00000000000000000",
                SecurityGroup.Role.OTHER, null, List.of(new IngressRule("sgr-00000000000000000", "tcp",
                NetworkExposureRules.RDP_PORT, NetworkExposureRules.RDP_PORT, IngressRule.WORLD_IPV4, null)), false);
        ExposureGateway gateway = new ExposureGateway() {
            @Override
            public List<SecurityGroup> securityGroups() {
                return List.of(sample);
            }

            @Override
            public Optional<SecurityGroup> securityGroup(String groupId) {
                return Optional.of(sample);
            }

            @Override
            public DirectoryNetwork network(String directoryId, String vpcId) {
                return new DirectoryNetwork(directoryId, List.of("10.0.0.0/16"), List.of());
            }

            @Override
            public Change revoke(String groupId, List<String> ruleIds) {
                return new Change("priming", ruleIds);
            }

            @Override
            public Change replace(String groupId, Map<IngressRule, List<String>> plan) {
                return new Change("priming", List.of());
            }
        };
        Reporting offline = Reporting.offline(config);
        var guard = new NetworkExposureGuard(gateway, policy, Tracking.offline(NetworkExposureRules.GUARDRAIL, offline,
                config));
        return () -> guard.sweep(Priming.sampleSchedule(config.region()));
    }
}
