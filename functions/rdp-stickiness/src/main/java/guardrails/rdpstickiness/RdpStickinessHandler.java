package guardrails.rdpstickiness;

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
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/** G6's Lambda entry point: wiring, then one call. The rules are in {@link RdpStickinessRules}. */
public final class RdpStickinessHandler extends GuardrailHandler {

    /** Lambda's constructor: real clients, built once per container. */
    public RdpStickinessHandler() {
        this(System.getenv());
    }

    /** The local runner's constructor: the same wiring, configuration from the map given. */
    public RdpStickinessHandler(Map<String, String> env) {
        this(wire(GuardrailsConfig.fromEnvironment(env)), GuardrailMetrics.standardOutput(), Tenancy.OWN_ONLY);
    }

    public RdpStickinessHandler(RdpStickinessGuard guard, GuardrailMetrics metrics, Tenancy tenancy) {
        super(RdpStickinessRules.GUARDRAIL, guard::handle, metrics, tenancy);
    }

    private static RdpStickinessGuard wire(GuardrailsConfig config) {
        Reporting reporting = Reporting.wire(config, RdpStickinessRules::isRecovery);
        ElasticLoadBalancingV2Client elb = AwsClients.build(ElasticLoadBalancingV2Client.builder(), config.region());
        Priming.registerCalls(() -> elb.describeTargetGroups(r -> r.pageSize(1)));
        Priming.registerCalls(AwsStickinessGateway.primingCalls(config.region()));
        Priming.registerCalls(primingSweep(config));
        return new RdpStickinessGuard(new AwsStickinessGateway(elb), Tracking.wire(RdpStickinessRules.GUARDRAIL,
                reporting, config));
    }

    /**
     * SnapStart priming: one sweep of a sample RDP target group without stickiness through the whole pipeline (rules,
     * memory, reporter, the change in REMEDIATE mode, alert), on a sample gateway and clients that send nothing.
     */
    private static Runnable primingSweep(GuardrailsConfig config) {
        String arn = "arn:aws:elasticloadbalancing:" + config.region()
                + ":000000000000:targetgroup/priming/0000000000000000";
        TargetGroup sample = new TargetGroup(arn, "priming", "TCP", RdpStickinessRules.RDP_PORT,
                List.of("arn:aws:elasticloadbalancing:" + config.region()
                        + ":000000000000:loadbalancer/net/priming/0000000000000000"), List.of(), "false", "source_ip");
        StickinessGateway gateway = new StickinessGateway() {
            @Override
            public List<TargetGroup> rdpTargetGroups() {
                return List.of(sample);
            }

            @Override
            public Optional<TargetGroup> targetGroup(String targetGroupArn) {
                return Optional.of(sample);
            }

            @Override
            public List<String> targets(String targetGroupArn) {
                return List.of("i-00000000000000000 port 3389");
            }

            @Override
            public String enableStickiness(String targetGroupArn, String type) {
                return "priming";
            }
        };
        Reporting offline = Reporting.offline(config);
        var guard = new RdpStickinessGuard(gateway, Tracking.offline(RdpStickinessRules.GUARDRAIL, offline, config));
        return () -> guard.sweep(Priming.sampleSchedule(config.region()));
    }
}
