package guardrails.networkexposure;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The deployment's network settings.
 *
 * @param controllersAllowedCidrs the networks (besides the directory's VPC) that must keep reaching the domain
 *                                controllers, typically a trusted on-premises domain's: when set, REMEDIATE replaces
 *                                a world-open rule on d-…_controllers by these and the VPC's ranges, same ports; when
 *                                empty, G5 only reports it (cutting a trusted domain off would break the trust)
 */
public record ExposurePolicy(List<String> controllersAllowedCidrs) {

    static final Pattern IPV4_CIDR = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)/(3[0-2]|[12]?\\d)");
    static final Pattern IPV6_CIDR = Pattern.compile("([0-9a-fA-F:]{2,39})/(12[0-8]|1[01]\\d|[1-9]?\\d)");
    private static final Pattern HEXTET = Pattern.compile("[0-9a-fA-F]{1,4}");

    public ExposurePolicy {
        controllersAllowedCidrs = List.copyOf(controllersAllowedCidrs);
    }

    public static ExposurePolicy fromEnvironment(Map<String, String> env) {
        List<String> cidrs = Arrays.stream(env.getOrDefault("CONTROLLERS_ALLOWED_CIDRS", "").split(","))
                .map(String::trim).filter(c -> !c.isEmpty()).toList();
        for (String cidr : cidrs) {
            if (!isCidr(cidr)) {
                throw new IllegalStateException("CONTROLLERS_ALLOWED_CIDRS entries are IPv4 or IPv6 CIDR blocks"
                        + " (10.20.0.0/16), got: " + cidr);
            }
            if (IngressRule.WORLD_IPV4.equals(cidr) || IngressRule.WORLD_IPV6.equals(cidr)) {
                throw new IllegalStateException("CONTROLLERS_ALLOWED_CIDRS lists the networks to allow instead of the"
                        + " world, so it cannot hold " + cidr);
            }
        }
        return new ExposurePolicy(cidrs);
    }

    static boolean isCidr(String text) {
        if (IPV4_CIDR.matcher(text).matches()) {
            return true;
        }
        java.util.regex.Matcher v6 = IPV6_CIDR.matcher(text);
        return v6.matches() && isIpv6Address(v6.group(1));
    }

    /** Eight groups of 1-4 hex digits, or fewer around one "::" (RFC 4291 text form, without embedded IPv4). */
    private static boolean isIpv6Address(String address) {
        String[] halves = address.split("::", -1);
        if (halves.length > 2) {
            return false;
        }
        int groups = 0;
        for (String half : halves) {
            if (half.isEmpty()) {
                continue;
            }
            for (String group : half.split(":", -1)) {
                if (!HEXTET.matcher(group).matches()) {
                    return false;
                }
                groups++;
            }
        }
        return halves.length == 2 ? groups < 8 : groups == 8;
    }

    static boolean isIpv6(String cidr) {
        return cidr.contains(":");
    }
}
