package guardrails.networkexposure;

import guardrails.networkexposure.NetworkExposureRules.Exposure;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** G5's rules as pure code: which rules are exposed, by the group they are on, and what each finding says. */
class NetworkExposureRulesTest {

    static final String DIRECTORY = "d-9067f1a2b3";
    static final DirectoryNetwork NETWORK = new DirectoryNetwork(DIRECTORY, List.of("10.0.0.0/16"),
            List.of("corp.example.com (Two-Way)"));
    static final ExposurePolicy NO_RANGES = new ExposurePolicy(List.of());

    static IngressRule world(String id, String protocol, int from, int to) {
        return new IngressRule(id, protocol, from, to, IngressRule.WORLD_IPV4, null);
    }

    static SecurityGroup group(SecurityGroup.Role role, IngressRule... rules) {
        return new SecurityGroup("sg-0a1b2c3d4e5f60718", role == SecurityGroup.Role.OTHER ? "bastion"
                : DIRECTORY + (role == SecurityGroup.Role.CONTROLLERS ? "_controllers" : "_workspacesMembers"),
                "vpc-0f1e2d3c4b5a69788", role, role == SecurityGroup.Role.OTHER ? null : DIRECTORY, List.of(rules),
                false);
    }

    @Test
    void onlyTheWorldIsExposureNotARangeAGroupOrAPrefixList() {
        assertTrue(world("sgr-1", "tcp", 3389, 3389).openToWorld());
        assertTrue(new IngressRule("sgr-2", "tcp", 3389, 3389, null, "::/0").openToWorld());
        assertFalse(new IngressRule("sgr-3", "tcp", 3389, 3389, "10.0.0.0/8", null).openToWorld());
        assertFalse(new IngressRule("sgr-4", "tcp", 3389, 3389, null, null).openToWorld(), "a referenced group");
        assertFalse(new IngressRule("sgr-5", "tcp", 3389, 3389, "0.0.0.0/1", null).openToWorld(), "half the world"
                + " is a deliberate range, not the default");
    }

    @Test
    void rdpIsCoveredByItsPortARangeAllTrafficAndUdpButNotIcmpOrOtherPorts() {
        assertTrue(world("sgr-1", "tcp", 3389, 3389).covers(3389));
        assertTrue(world("sgr-1", "udp", 3389, 3389).covers(3389), "RDP's UDP transport");
        assertTrue(world("sgr-1", "tcp", 0, 65535).covers(3389));
        assertTrue(world("sgr-1", "-1", -1, -1).covers(3389));
        assertTrue(world("sgr-1", "6", 3000, 4000).covers(3389), "a rule made with the protocol number");
        assertFalse(world("sgr-1", "tcp", 443, 443).covers(3389));
        assertFalse(world("sgr-1", "icmp", -1, -1).covers(3389));
        assertEquals("tcp 3389", world("sgr-1", "tcp", 3389, 3389).ports());
        assertEquals("tcp 1024-65535", world("sgr-1", "tcp", 1024, 65535).ports());
        assertEquals("all traffic", world("sgr-1", "-1", -1, -1).ports());
        assertEquals("udp 53", world("sgr-1", "17", 53, 53).ports());
        assertEquals("icmp", world("sgr-1", "icmp", -1, -1).ports());
    }

    @Test
    void eachGroupsWorldRulesAreItsOwnKindOfExposure() {
        IngressRule rdp = world("sgr-rdp", "tcp", 3389, 3389);
        IngressRule https = world("sgr-https", "tcp", 443, 443);
        IngressRule ldap = world("sgr-ldap", "tcp", 389, 389);

        assertEquals(Map.of(Exposure.RDP_OPEN, List.of(rdp)),
                NetworkExposureRules.exposures(group(SecurityGroup.Role.OTHER, rdp, https)),
                "any group: RDP only; the rest of the world is not G5's business");
        assertEquals(Map.of(Exposure.RDP_OPEN, List.of(rdp), Exposure.MEMBERS_OPEN, List.of(https)),
                NetworkExposureRules.exposures(group(SecurityGroup.Role.WORKSPACES_MEMBERS, rdp, https)));
        assertEquals(Map.of(Exposure.CONTROLLERS_OPEN, List.of(ldap, rdp)),
                NetworkExposureRules.exposures(group(SecurityGroup.Role.CONTROLLERS, ldap, rdp)),
                "on the controllers every world rule is theirs (never revoked without the ranges to allow)");
        assertEquals(Optional.empty(), NetworkExposureRules.exposure(group(SecurityGroup.Role.WORKSPACES_MEMBERS),
                new IngressRule("sgr-vpc", "tcp", 3389, 3389, "10.0.0.0/16", null)));
    }

    @Test
    void rdpOpenToTheWorldIsCriticalAndOffersSessionManagerPortForwarding() {
        SecurityGroup bastion = group(SecurityGroup.Role.OTHER, world("sgr-0aa", "tcp", 3389, 3389));
        Finding finding = NetworkExposureRules.exposed(bastion, Exposure.RDP_OPEN, bastion.ingress(), null, NO_RANGES);

        assertEquals("RDP_OPEN_TO_WORLD", finding.rule());
        assertEquals(Severity.CRITICAL, finding.severity());
        assertEquals(bastion.id(), finding.resourceId());
        assertTrue(finding.seen().contains("inbound tcp 3389 from 0.0.0.0/0 (rule sgr-0aa)"), finding.seen());
        assertEquals(List.of("aws ec2 revoke-security-group-ingress --group-id " + bastion.id()
                + " --security-group-rule-ids sgr-0aa", "aws ssm start-session --target '<instance id>' --document-name"
                + " AWS-StartPortForwardingSession --parameters '{\"portNumber\":[\"3389\"],\"localPortNumber\":"
                + "[\"13389\"]}'"), finding.commands());
    }

    @Test
    void worldRulesOnWorkspacesMembersAreAWarningNamingItsDirectory() {
        SecurityGroup members = group(SecurityGroup.Role.WORKSPACES_MEMBERS, world("sgr-0bb", "tcp", 443, 443),
                new IngressRule("sgr-0cc", "tcp", 4172, 4172, null, "::/0"));
        Finding finding = NetworkExposureRules.exposed(members, Exposure.MEMBERS_OPEN, members.ingress(), null,
                NO_RANGES);

        assertEquals(Severity.WARNING, finding.severity());
        assertEquals(List.of(DIRECTORY), finding.related());
        assertTrue(finding.seen().contains("tcp 443 from 0.0.0.0/0; tcp 4172 from ::/0 (rules sgr-0bb sgr-0cc)"),
                finding.seen());
        assertTrue(finding.whyItMatters().contains("AWS-managed gateways"), finding.whyItMatters());
        // WorkSpaces port requirements: WSP streams on TCP/UDP 4195 besides PCoIP's 4172 and HTTPS 443.
        assertTrue(finding.whyItMatters().contains("WSP TCP/UDP 4195"), finding.whyItMatters());
        assertTrue(finding.operatorAction().endsWith(NetworkExposureRules.ONLY_RULES), finding.operatorAction());
    }

    @Test
    void controllersOpenToTheWorldGiveTheTightenedRulesAndSayWhyTheyAreNotReplacedWithoutRanges() {
        SecurityGroup controllers = group(SecurityGroup.Role.CONTROLLERS, world("sgr-088", "tcp", 88, 88),
                world("sgr-053", "udp", 53, 53));
        Finding finding = NetworkExposureRules.exposed(controllers, Exposure.CONTROLLERS_OPEN, controllers.ingress(),
                NETWORK, NO_RANGES);

        assertEquals("DIRECTORY_CONTROLLERS_OPEN_TO_WORLD", finding.rule());
        assertEquals(Severity.WARNING, finding.severity());
        assertTrue(finding.title().contains(DIRECTORY) && finding.title().contains("2 rules"), finding.title());
        assertTrue(finding.operatorAction().contains("the VPC's range (10.0.0.0/16)"), finding.operatorAction());
        assertTrue(finding.operatorAction().contains("trusted domains corp.example.com (Two-Way)"),
                finding.operatorAction());
        // Every rule in one authorize (all its ranges), then one revoke: not one of 17 left to build by hand.
        assertEquals(List.of("aws ec2 authorize-security-group-ingress --group-id " + controllers.id()
                + " --ip-permissions 'IpProtocol=tcp,FromPort=88,ToPort=88,IpRanges=[{CidrIp=10.0.0.0/16},"
                + "{CidrIp=<a network of corp.example.com>}]'"
                + " 'IpProtocol=udp,FromPort=53,ToPort=53,IpRanges=[{CidrIp=10.0.0.0/16},"
                + "{CidrIp=<a network of corp.example.com>}]'",
                "aws ec2 revoke-security-group-ingress --group-id " + controllers.id()
                + " --security-group-rule-ids sgr-088 sgr-053"), finding.commands());
        assertTrue(finding.operatorAction().contains("only when ControllersAllowedCidrs lists"), finding.operatorAction());
        assertTrue(finding.operatorAction().endsWith(NetworkExposureRules.ONLY_RULES), "rules only, never the group");

        Finding withRanges = NetworkExposureRules.exposed(controllers, Exposure.CONTROLLERS_OPEN,
                controllers.ingress(), NETWORK, new ExposurePolicy(List.of("192.168.10.0/24")));
        assertTrue(withRanges.operatorAction().contains("REMEDIATE mode does it, allowing 10.0.0.0/16, 192.168.10.0/24"),
                withRanges.operatorAction());
        assertTrue(withRanges.commands().get(0).contains("IpRanges=[{CidrIp=10.0.0.0/16},{CidrIp=192.168.10.0/24}]")
                && !withRanges.commands().get(0).contains("<"), "the listed networks, nothing to fill in: "
                + withRanges.commands());
    }

    @Test
    void controllersStayAWarningWhenTheirRangesCoverRdpAndSaySo() {
        SecurityGroup controllers = group(SecurityGroup.Role.CONTROLLERS, world("sgr-rpc", "tcp", 1024, 65535));
        Finding finding = NetworkExposureRules.exposed(controllers, Exposure.CONTROLLERS_OPEN, controllers.ingress(),
                NETWORK, NO_RANGES);
        assertEquals(Severity.WARNING, finding.severity(), "AWS's old default rule set itself opened 1024-65535");
        assertTrue(finding.whyItMatters().contains("port 3389"), finding.whyItMatters());
    }

    @Test
    void replacementsKeepTheRulesAddressFamily() {
        ExposurePolicy policy = new ExposurePolicy(List.of("192.168.10.0/24", "2001:db8::/56"));
        DirectoryNetwork network = new DirectoryNetwork(DIRECTORY, List.of("10.0.0.0/16", "2600:1f18::/56"),
                List.of());

        assertEquals(List.of("10.0.0.0/16", "192.168.10.0/24"),
                NetworkExposureRules.replacements(world("sgr-1", "tcp", 88, 88), network, policy));
        assertEquals(List.of("2600:1f18::/56", "2001:db8::/56"), NetworkExposureRules.replacements(
                new IngressRule("sgr-2", "tcp", 88, 88, null, "::/0"), network, policy));
        IngressRule v6Only = new IngressRule("sgr-3", "udp", 53, 53, null, "::/0");
        assertEquals(Map.of(v6Only, List.of()), NetworkExposureRules.replacementPlan(List.of(v6Only),
                new DirectoryNetwork(DIRECTORY, List.of("10.0.0.0/16"), List.of()), NO_RANGES),
                "no IPv6 range to allow instead: planned with none, so it stays");
    }

    @Test
    void memoryIsTheSortedRuleIds() {
        assertEquals("sgr-1 sgr-2", NetworkExposureRules.memoryOf(List.of("sgr-2", "sgr-1")));
        assertEquals("", NetworkExposureRules.memoryOf(List.of()));
        assertEquals(Set.of("sgr-1", "sgr-2"), NetworkExposureRules.recall("sgr-1 sgr-2"));
        assertEquals(Set.of(), NetworkExposureRules.recall(""));
        assertEquals(Set.of(), NetworkExposureRules.recall(null));
    }

    @Test
    void theRangesToAllowMustBeRangesAndNotTheWorld() {
        assertEquals(List.of("192.168.10.0/24", "2001:db8::/56"), ExposurePolicy.fromEnvironment(
                Map.of("CONTROLLERS_ALLOWED_CIDRS", " 192.168.10.0/24, 2001:db8::/56 ")).controllersAllowedCidrs());
        assertEquals(List.of(), ExposurePolicy.fromEnvironment(Map.of()).controllersAllowedCidrs());
        assertThrows(IllegalStateException.class,
                () -> ExposurePolicy.fromEnvironment(Map.of("CONTROLLERS_ALLOWED_CIDRS", "0.0.0.0/0")));
        assertThrows(IllegalStateException.class,
                () -> ExposurePolicy.fromEnvironment(Map.of("CONTROLLERS_ALLOWED_CIDRS", "192.168.10.0")));
        assertThrows(IllegalStateException.class,
                () -> ExposurePolicy.fromEnvironment(Map.of("CONTROLLERS_ALLOWED_CIDRS", "10.0.0.300/8")));
        assertThrows(IllegalStateException.class,
                () -> ExposurePolicy.fromEnvironment(Map.of("CONTROLLERS_ALLOWED_CIDRS", "2001:db8:::1/64")));
        assertThrows(IllegalStateException.class,
                () -> ExposurePolicy.fromEnvironment(Map.of("CONTROLLERS_ALLOWED_CIDRS", "2001:db8::/129")));
    }

    @Test
    void aReplacementRuleByRuleNeedsOneRulesRangesMoreThanItEndsWith() {
        List<IngressRule> world = new java.util.ArrayList<>();
        for (int port = 1; port <= 17; port++) {
            world.add(world("sgr-" + port, "tcp", port, port));
        }
        SecurityGroup controllers = group(SecurityGroup.Role.CONTROLLERS, world.toArray(IngressRule[]::new));
        var three = NetworkExposureRules.replacementPlan(world, NETWORK, new ExposurePolicy(List.of("192.168.10.0/24",
                "192.168.20.0/24")));
        var four = NetworkExposureRules.replacementPlan(world, NETWORK, new ExposurePolicy(List.of("192.168.10.0/24",
                "192.168.20.0/24", "192.168.30.0/24")));

        assertEquals(17 + 16 * 2 + 3, NetworkExposureRules.peakRules(controllers, three), "fits 60");
        assertEquals(17 + 16 * 3 + 4, NetworkExposureRules.peakRules(controllers, four), "does not");
        assertTrue(NetworkExposureRules.quotaAdvice(controllers, four, 69).contains("sgr-1 (tcp 1) -> 10.0.0.0/16,"
                + " 192.168.10.0/24, 192.168.20.0/24, 192.168.30.0/24"));
    }
}
