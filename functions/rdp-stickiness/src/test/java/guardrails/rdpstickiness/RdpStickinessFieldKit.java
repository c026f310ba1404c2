package guardrails.rdpstickiness;

import guardrails.local.CloudTrailEvents;
import guardrails.local.DemoStory;
import guardrails.local.FieldKit;
import guardrails.local.FieldScenario;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * G6's field kit (see {@link FieldKit}): its case in the field scenario, what each sample it takes produces, its
 * chapter of the demo, and the accounts the bench sweeps.
 */
public final class RdpStickinessFieldKit extends FieldKit {

    /** RDP session hosts behind a load balancer whose target group is not sticky (F10). */
    @Override
    public String arrange(FieldScenario s) {
        return CloudTrailEvents.targetGroupCall("aws.elasticloadbalancing-CreateTargetGroup.json",
                s.rdpLoadBalancer("rdp-hosts", "TCP"));
    }

    @Override
    public List<String> expectedRules() {
        return List.of("RDP_TARGET_GROUP_NOT_STICKY");
    }

    @Override
    public Optional<String> fixedRule() {
        return Optional.of("RDP_TARGET_GROUP_NOT_STICKY");
    }

    @Override
    public Set<String> actingCalls() {
        return Set.of("ModifyTargetGroupAttributes");
    }

    /** A TCP 3389 target group created without stickiness: G6 turns it on. */
    @Override
    public void tell(DemoStory story) {
        FieldScenario scenario = story.scenario();
        story.step("Session hosts behind a Network Load Balancer: a TCP 3389 target group is created without"
                + " stickiness (G6)");
        String group = scenario.rdpLoadBalancer("rdp-hosts", "TCP");
        story.say("rdp-hosts: stickiness.enabled = " + scenario.stickiness(group) + " (the default), two session"
                + " hosts registered.");
        story.run(function(), CloudTrailEvents.targetGroupCall("aws.elasticloadbalancing-CreateTargetGroup.json",
                group), "no finding (UNEXPECTED)");
        story.say("The emulator now shows rdp-hosts with stickiness.enabled = " + scenario.stickiness(group) + ".");
    }

    @Override
    public Map<String, List<String>> samples() {
        return Map.of(
                "aws.elasticloadbalancing-CreateTargetGroup.json", List.of("RDP_TARGET_GROUP_NOT_STICKY"),
                "aws.elasticloadbalancing-ModifyTargetGroupAttributes.json", List.of("RDP_TARGET_GROUP_NOT_STICKY"),
                "aws.elasticloadbalancing-RegisterTargets.json", List.of("RDP_TARGET_GROUP_NOT_STICKY"),
                "aws.events-ScheduledEvent.json", List.of("RDP_TARGET_GROUP_NOT_STICKY"));
    }

    @Override
    public List<SweepAccount> accounts() {
        int groups = 200;
        return List.of(new SweepAccount("1 RDP target group", s -> targetGroups(s, 1)),
                new SweepAccount(groups + " target groups (1 in 10 on 3389)", s -> targetGroups(s, groups)));
    }

    /** HTTPS target groups; every tenth an RDP one without stickiness, behind no load balancer yet. */
    private static void targetGroups(FieldScenario scenario, int count) {
        var elb = scenario.aws().client(ElasticLoadBalancingV2Client.builder());
        for (int i = 0; i < count; i++) {
            int n = i;
            boolean rdp = i % 10 == 0;
            elb.createTargetGroup(r -> r.name((rdp ? "rdp-" : "web-") + n).protocol(rdp ? "TCP" : "HTTPS")
                    .port(rdp ? 3389 : 443).vpcId(scenario.vpcId));
        }
    }
}
