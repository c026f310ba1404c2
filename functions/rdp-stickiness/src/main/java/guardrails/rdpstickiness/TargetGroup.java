package guardrails.rdpstickiness;

import java.util.List;

/**
 * A load balancer target group as G6 judges it (elbv2 DescribeTargetGroups and DescribeTargetGroupAttributes;
 * shapes in botocore's elasticloadbalancingv2/2015-12-01/service-2.json).
 *
 * @param protocol          TCP, TLS, UDP, TCP_UDP, HTTP, ... (ProtocolEnum)
 * @param loadBalancerArns  the load balancers whose listeners forward to it
 * @param targets           the registered targets ("i-... port 3389"), for the alert; empty when not read
 * @param stickiness        the {@code stickiness.enabled} attribute as read ("true", "false", or null when absent)
 * @param stickinessType    the {@code stickiness.type} attribute as read, or null
 * @param rdpTargetPort     a target is registered on port 3389 though the group's own port differs (RegisterTargets
 *                          takes a port per target: elbv2 TargetDescription.Port), so the group carries RDP too
 * @param rdGateway         tagged {@code guardrails:rd-gateway = true}: an RD Gateway farm's group, which carries RDP
 *                          inside HTTPS (or UDP 3391) and needs each session's connections on one gateway
 * @param exempt            tagged {@code guardrails:exempt = true}
 */
public record TargetGroup(String arn, String name, String protocol, int port, List<String> loadBalancerArns,
                          List<String> targets, String stickiness, String stickinessType, boolean rdpTargetPort,
                          boolean rdGateway, boolean exempt) {

    public TargetGroup {
        loadBalancerArns = loadBalancerArns == null ? List.of() : List.copyOf(loadBalancerArns);
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public TargetGroup(String arn, String name, String protocol, int port, List<String> loadBalancerArns,
                       List<String> targets, String stickiness, String stickinessType) {
        this(arn, name, protocol, port, loadBalancerArns, targets, stickiness, stickinessType, false, false, false);
    }

    /** The tag that names an RD Gateway farm's target group (set by the operator; README, G6). */
    public static final String RD_GATEWAY_TAG = "guardrails:rd-gateway";

    /** The group as its tags describe it. */
    public TargetGroup withTags(java.util.Map<String, String> tags) {
        return new TargetGroup(arn, name, protocol, port, loadBalancerArns, targets, stickiness, stickinessType,
                rdpTargetPort, "true".equalsIgnoreCase(tags.get(RD_GATEWAY_TAG)),
                guardrails.shared.findings.Exemption.isExempt(tags));
    }

    public TargetGroup withTargets(List<String> registered) {
        return new TargetGroup(arn, name, protocol, port, loadBalancerArns, registered, stickiness, stickinessType,
                rdpTargetPort, rdGateway, exempt);
    }

    /** The group as a RegisterTargets call left it: some target now listens on port 3389. */
    public TargetGroup withRdpTargetPort() {
        return new TargetGroup(arn, name, protocol, port, loadBalancerArns, targets, stickiness, stickinessType, true,
                rdGateway, exempt);
    }

    /** The load balancers' names, read from their ARNs (…:loadbalancer/net/NAME/ID). */
    public List<String> loadBalancerNames() {
        return loadBalancerArns.stream().map(arn -> {
            String[] parts = arn.split("/");
            return parts.length >= 3 ? parts[parts.length - 2] : arn;
        }).toList();
    }
}
