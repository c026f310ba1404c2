package guardrails.rdpstickiness;

import guardrails.shared.priming.Priming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/**
 * G6's AWS calls (elbv2, botocore's elasticloadbalancingv2/2015-12-01/service-2.json). A sweep costs one
 * DescribeTargetGroups a page of 400, one DescribeTags per 20 groups (an RD Gateway farm's group is known by its tag),
 * and one DescribeTargetGroupAttributes per group carrying RDP (the API takes one group); targets are read only for
 * groups with a finding.
 */
public final class AwsStickinessGateway implements StickinessGateway {

    /** The IAM actions this gateway calls; a test holds them against the function's policy in template.yaml. */
    public static final List<String> IAM_ACTIONS = List.of("elasticloadbalancing:DescribeTargetGroups",
            "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetHealth",
            "elasticloadbalancing:DescribeTags", "elasticloadbalancing:ModifyTargetGroupAttributes");

    /** DescribeTargetGroups' PageSize is at most 400 (the model's PageSize shape). */
    static final int PAGE_SIZE = 400;
    /** DescribeTags takes at most 20 resource ARNs (elbv2 API reference, DescribeTags). */
    static final int TAGS_BATCH = 20;

    private final ElasticLoadBalancingV2Client elb;

    public AwsStickinessGateway(ElasticLoadBalancingV2Client elb) {
        this.elb = elb;
    }

    /** SnapStart priming: every call this gateway makes, on a client that sends nothing ({@link Priming#offline}). */
    public static Runnable[] primingCalls(String region) {
        var gateway = new AwsStickinessGateway(Priming.offline(ElasticLoadBalancingV2Client.builder(), region));
        String arn = "arn:aws:elasticloadbalancing:" + region + ":000000000000:targetgroup/priming/0000000000000000";
        return new Runnable[] {
            gateway::rdpTargetGroups,
            () -> gateway.targetGroup(arn),
            () -> gateway.attributes(arn), // the offline answers list no group, so the reads above stop short
            () -> gateway.targets(arn),
            () -> gateway.tags(List.of(arn)),
            () -> gateway.enableStickiness(arn, "source_ip"),
        };
    }

    @Override
    public List<TargetGroup> rdpTargetGroups() {
        List<TargetGroup> all = new ArrayList<>();
        elb.describeTargetGroupsPaginator(r -> r.pageSize(PAGE_SIZE)).targetGroups().forEach(g -> all.add(bare(g)));
        Map<String, Map<String, String>> tags = tags(all.stream().map(TargetGroup::arn).toList());
        return all.stream().map(group -> group.withTags(tags.getOrDefault(group.arn(), Map.of())))
                .filter(RdpStickinessRules::carriesRdp).map(this::withAttributes).toList();
    }

    @Override
    public Optional<TargetGroup> targetGroup(String arn) {
        try {
            return elb.describeTargetGroups(r -> r.targetGroupArns(arn)).targetGroups().stream().findFirst()
                    .map(AwsStickinessGateway::bare)
                    .map(group -> group.withTags(tags(List.of(arn)).getOrDefault(arn, Map.of())))
                    .map(this::withAttributes);
        } catch (TargetGroupNotFoundException gone) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> targets(String arn) {
        try {
            return elb.describeTargetHealth(r -> r.targetGroupArn(arn)).targetHealthDescriptions().stream()
                    .map(d -> d.target().id() + (d.target().port() == null ? "" : " port " + d.target().port()))
                    .toList();
        } catch (TargetGroupNotFoundException gone) {
            return List.of();
        }
    }

    /** Each group's tags by ARN, 20 groups a call. */
    Map<String, Map<String, String>> tags(List<String> arns) {
        Map<String, Map<String, String>> tags = new java.util.HashMap<>();
        for (int i = 0; i < arns.size(); i += TAGS_BATCH) {
            List<String> batch = arns.subList(i, Math.min(i + TAGS_BATCH, arns.size()));
            elb.describeTags(r -> r.resourceArns(batch)).tagDescriptions().forEach(d -> tags.put(d.resourceArn(),
                    d.tags().stream().collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value(),
                            (a, b) -> b))));
        }
        return tags;
    }

    @Override
    public String enableStickiness(String arn, String type) {
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn).attributes(
                TargetGroupAttribute.builder().key("stickiness.enabled").value("true").build(),
                TargetGroupAttribute.builder().key("stickiness.type").value(type).build()));
        return "Turned on " + RdpStickinessRules.inWords(type) + " stickiness (stickiness.enabled = true,"
                + " stickiness.type = " + type + ") on " + arn + ".";
    }

    /** A group's attributes by key (DescribeTargetGroupAttributes takes one group). */
    Map<String, String> attributes(String arn) {
        return elb.describeTargetGroupAttributes(r -> r.targetGroupArn(arn)).attributes().stream()
                .collect(Collectors.toMap(TargetGroupAttribute::key, a -> a.value() == null ? "" : a.value(),
                        (a, b) -> b));
    }

    private TargetGroup withAttributes(TargetGroup group) {
        Map<String, String> attributes = attributes(group.arn());
        return new TargetGroup(group.arn(), group.name(), group.protocol(), group.port(), group.loadBalancerArns(),
                List.of(), attributes.get("stickiness.enabled"), attributes.get("stickiness.type"),
                group.rdpTargetPort(), group.rdGateway(), group.exempt());
    }

    private static TargetGroup bare(software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup group) {
        return new TargetGroup(group.targetGroupArn(), group.targetGroupName(), group.protocolAsString(),
                group.port() == null ? 0 : group.port(), group.loadBalancerArns(), List.of(), null, null);
    }
}
