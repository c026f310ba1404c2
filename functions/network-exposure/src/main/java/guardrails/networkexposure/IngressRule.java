package guardrails.networkexposure;

import java.util.Set;

/**
 * One inbound security group rule as EC2 DescribeSecurityGroupRules returns it (botocore's ec2/2016-11-15
 * service-2.json, shape SecurityGroupRule): one source per rule, so a rule is either a CIDR, a referenced group or a
 * prefix list.
 *
 * @param protocol  tcp, udp, icmp, icmpv6, -1 (all) or a protocol number, as EC2 reports it
 * @param fromPort  first port (tcp/udp), ICMP type, or -1 for all
 * @param toPort    last port (tcp/udp), ICMP code, or -1 for all
 * @param cidrIpv4  the IPv4 source, or null
 * @param cidrIpv6  the IPv6 source, or null
 * @param prefixListId    the prefix list the rule allows, or null
 * @param worldPrefixList that prefix list holds 0.0.0.0/0 or ::/0: the rule is open to the world all the same
 */
public record IngressRule(String ruleId, String protocol, int fromPort, int toPort, String cidrIpv4,
                          String cidrIpv6, String prefixListId, boolean worldPrefixList) {

    public IngressRule(String ruleId, String protocol, int fromPort, int toPort, String cidrIpv4, String cidrIpv6) {
        this(ruleId, protocol, fromPort, toPort, cidrIpv4, cidrIpv6, null, false);
    }

    /** The same rule, its prefix list found to hold a world range (GetManagedPrefixListEntries). */
    public IngressRule throughWorldPrefixList() {
        return new IngressRule(ruleId, protocol, fromPort, toPort, cidrIpv4, cidrIpv6, prefixListId, true);
    }

    public static final String WORLD_IPV4 = "0.0.0.0/0";
    public static final String WORLD_IPV6 = "::/0";

    /** The protocols that carry a port: EC2 reports tcp/udp by name; a rule made with the number keeps it. */
    private static final Set<String> PORT_PROTOCOLS = Set.of("tcp", "udp", "6", "17");

    public boolean openToWorld() {
        return WORLD_IPV4.equals(cidrIpv4) || WORLD_IPV6.equals(cidrIpv6) || worldPrefixList;
    }

    public boolean allTraffic() {
        return "-1".equals(protocol);
    }

    /** Whether the rule lets this tcp/udp port through (all traffic does). */
    public boolean covers(int port) {
        if (allTraffic()) {
            return true;
        }
        return protocol != null && PORT_PROTOCOLS.contains(protocol)
                && (fromPort == -1 || (fromPort <= port && port <= toPort));
    }

    public String source() {
        if (prefixListId != null) {
            return "prefix list " + prefixListId + (worldPrefixList ? " (which holds a world range)" : "");
        }
        return cidrIpv4 != null ? cidrIpv4 : cidrIpv6;
    }

    /** "tcp 3389", "udp 1024-65535", "all traffic", "icmp". */
    public String ports() {
        if (allTraffic()) {
            return "all traffic";
        }
        String name = switch (String.valueOf(protocol)) {
            case "6" -> "tcp";
            case "17" -> "udp";
            default -> protocol;
        };
        if (!PORT_PROTOCOLS.contains(String.valueOf(protocol))) {
            return name;
        }
        if (fromPort == -1 || (fromPort == 0 && toPort == 65535)) {
            return name + " all ports";
        }
        return fromPort == toPort ? name + " " + fromPort : name + " " + fromPort + "-" + toPort;
    }
}
