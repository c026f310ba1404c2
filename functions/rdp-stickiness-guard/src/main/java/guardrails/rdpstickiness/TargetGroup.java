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
 */
public record TargetGroup(String arn, String name, String protocol, int port, List<String> loadBalancerArns,
                          List<String> targets, String stickiness, String stickinessType, boolean rdpTargetPort) {

    public TargetGroup {
        loadBalancerArns = loadBalancerArns == null ? List.of() : List.copyOf(loadBalancerArns);
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public TargetGroup(String arn, String name, String protocol, int port, List<String> loadBalancerArns,
                       List<String> targets, String stickiness, String stickinessType) {
        this(arn, name, protocol, port, loadBalancerArns, targets, stickiness, stickinessType, false);
    }

    public TargetGroup withTargets(List<String> registered) {
        return new TargetGroup(arn, name, protocol, port, loadBalancerArns, registered, stickiness, stickinessType,
                rdpTargetPort);
    }

    /** The group as a RegisterTargets call left it: some target now listens on port 3389. */
    public TargetGroup withRdpTargetPort() {
        return new TargetGroup(arn, name, protocol, port, loadBalancerArns, targets, stickiness, stickinessType, true);
    }

    /** The load balancers' names, read from their ARNs (…:loadbalancer/net/NAME/ID). */
    public List<String> loadBalancerNames() {
        return loadBalancerArns.stream().map(arn -> {
            String[] parts = arn.split("/");
            return parts.length >= 3 ? parts[parts.length - 2] : arn;
        }).toList();
    }
}
