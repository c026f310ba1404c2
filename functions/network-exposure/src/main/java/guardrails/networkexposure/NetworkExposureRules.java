package guardrails.networkexposure;

import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import guardrails.shared.findings.ShellCommand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * G5's decisions, pure code. The field facts: a directory's d-…_controllers group was seen open to 0.0.0.0/0 (F8;
 * AWS's older documentation gave that source for the directory ports, its current rule set uses the VPC's range:
 * F15, botocore's ds model, AddIpRoutes UpdateSecurityGroupForDirectoryControllers); WorkSpaces need no inbound rule on
 * d-…_workspacesMembers, since clients reach AWS-managed gateways (F8); Windows hosts are reachable over RDP through
 * Session Manager port forwarding, with no port open to the internet (F9).
 *
 * <p>Only rules open to the world are findings: 0.0.0.0/0 or ::/0, directly or through a prefix list that holds one. A
 * range, a referenced group or any other prefix list is an operator's deliberate choice, and AWS's own rules on these
 * groups use them.
 */
public final class NetworkExposureRules {

    public static final String GUARDRAIL = "G5-network-exposure";

    /** The findings that say a problem is gone: they resolve the guardrail's Security Hub findings on the resource. */
    public static boolean isRecovery(Finding f) {
        return f.rule().equals(CLOSED);
    }
    public static final int RDP_PORT = 3389;

    /** What a world-open rule exposes, by the group it is on; each is its own finding. */
    public enum Exposure {
        CONTROLLERS_OPEN("DIRECTORY_CONTROLLERS_OPEN_TO_WORLD"),
        MEMBERS_OPEN("WORKSPACES_MEMBERS_OPEN_TO_WORLD"),
        RDP_OPEN("RDP_OPEN_TO_WORLD");

        public final String rule;

        Exposure(String rule) {
            this.rule = rule;
        }
    }

    public static final String CLOSED = "NETWORK_EXPOSURE_CLOSED";

    private NetworkExposureRules() {
    }

    /**
     * What a rule exposes, if anything. On a controllers group every world rule is the controllers' finding (AWS
     * manages those hosts; replacing their rules needs the networks to allow instead); elsewhere RDP open to the world
     * comes first, then any world rule on a WorkSpaces members group.
     */
    public static Optional<Exposure> exposure(SecurityGroup group, IngressRule rule) {
        if (!rule.openToWorld()) {
            return Optional.empty();
        }
        if (group.role() == SecurityGroup.Role.CONTROLLERS) {
            return Optional.of(Exposure.CONTROLLERS_OPEN);
        }
        if (rule.covers(RDP_PORT)) {
            return Optional.of(Exposure.RDP_OPEN);
        }
        return group.role() == SecurityGroup.Role.WORKSPACES_MEMBERS ? Optional.of(Exposure.MEMBERS_OPEN)
                : Optional.empty();
    }

    /** The group's world-open rules by what they expose, in the group's order. */
    public static Map<Exposure, List<IngressRule>> exposures(SecurityGroup group) {
        Map<Exposure, List<IngressRule>> found = new EnumMap<>(Exposure.class);
        for (IngressRule rule : group.ingress()) {
            exposure(group, rule).ifPresent(kind -> found.computeIfAbsent(kind, k -> new ArrayList<>()).add(rule));
        }
        return found;
    }

    /** What G5 remembers of a group: the ids of the exposed rules it has reported, sorted ("" when none). */
    public static String memoryOf(Collection<String> ruleIds) {
        return String.join(" ", new TreeSet<>(ruleIds));
    }

    public static Set<String> recall(String memory) {
        return memory == null || memory.isBlank() ? Set.of()
                : Arrays.stream(memory.trim().split(" ")).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The finding for rules newly found exposed on a group, all of one kind. */
    public static Finding exposed(SecurityGroup group, Exposure kind, List<IngressRule> rules, DirectoryNetwork network,
                                  ExposurePolicy policy) {
        List<String> related = new ArrayList<>();
        if (group.directoryId() != null) {
            related.add(group.directoryId());
        }
        String revoke = revokeCommand(group, rules);
        String where = "Security group " + group.label() + " in " + group.vpcId();
        return switch (kind) {
            case RDP_OPEN -> new Finding(GUARDRAIL, kind.rule, Severity.CRITICAL, group.id(), related,
                    "RDP is open to the internet on security group " + group.label(),
                    where + " allows " + describe(rules) + ".",
                    "Anyone on the internet can try passwords against Remote Desktop on every instance and WorkSpace"
                            + " in this group. Windows hosts are reachable over RDP with no inbound port at all, through"
                            + " Session Manager port forwarding.",
                    "None.",
                    "Revoke the rule (REMEDIATE mode does it). " + RDP_INSTEAD)
                    .withCommands(revoke, START_RDP_SESSION);
            case MEMBERS_OPEN -> new Finding(GUARDRAIL, kind.rule, Severity.WARNING, group.id(), related,
                    "WorkSpaces security group " + group.label() + " is open to the internet",
                    where + ", which WorkSpaces of " + group.directoryId() + " use, allows "
                            + describe(rules) + ".",
                    "WorkSpaces need no inbound rule on the groups WorkSpaces puts on them (d-…_workspacesMembers,"
                            + " and the directory's custom security group if it has one): clients connect through"
                            + " AWS-managed gateways (HTTPS 443, PCoIP TCP/UDP 4172, WSP TCP/UDP 4195), so a world-open"
                            + " rule only exposes each"
                            + " WorkSpace's own network interface.",
                    "None.",
                    "Revoke the rule (REMEDIATE mode does it). " + ONLY_RULES)
                    .withCommands(revoke);
            case CONTROLLERS_OPEN -> controllersOpen(group, rules, network, policy, related, revoke);
        };
    }

    private static Finding controllersOpen(SecurityGroup group, List<IngressRule> rules, DirectoryNetwork network,
                                           ExposurePolicy policy, List<String> related, String revoke) {
        boolean rdp = rules.stream().anyMatch(rule -> rule.covers(RDP_PORT));
        List<String> allow = allowedInstead(network, policy);
        String vpc = network == null || network.vpcCidrs().isEmpty() ? "the VPC's range"
                : "the VPC's range (" + String.join(", ", network.vpcCidrs()) + ")";
        String trusted = network == null || network.trusts().isEmpty() ? ""
                : " and the networks of the trusted domains " + String.join(", ", network.trusts());
        // The trusted domains' networks are not in AWS's answers: unless ControllersAllowedCidrs lists them, the
        // command names each as a placeholder to fill in (left in, AWS refuses the whole call: nothing changes).
        List<String> toFillIn = network == null || !policy.controllersAllowedCidrs().isEmpty() ? List.of()
                : network.trusts().stream().map(trust -> "<a network of " + trust.replaceAll(" \\(.*", "") + ">")
                .toList();
        String authorize = authorizeCommand(group, rules, allow, toFillIn);
        String how = policy.controllersAllowedCidrs().isEmpty()
                ? " G5 replaces these rules itself in REMEDIATE mode only when ControllersAllowedCidrs lists the"
                        + " networks to allow besides the VPC (cutting a trusted domain off would break the trust)."
                : " REMEDIATE mode does it, allowing " + String.join(", ", allow) + ".";
        // WARNING even when a range covers 3389 (AWS's old default opened 1024-65535): AWS manages the controllers,
        // which take no RDP from customers, and documents their interfaces as not exposed publicly.
        return new Finding(GUARDRAIL, Exposure.CONTROLLERS_OPEN.rule, Severity.WARNING,
                group.id(), related,
                "Domain controllers of " + group.directoryId() + " are open to the world on " + rules.size()
                        + (rules.size() == 1 ? " rule" : " rules"),
                "Security group " + group.label() + ", the domain controllers' group of " + group.directoryId()
                        + " in " + group.vpcId() + ", allows " + describe(rules) + ".",
                "AWS's older documentation gave 0.0.0.0/0 as the source of the directory's ports; its current rule set"
                        + " uses the VPC's range. The controllers have no public address, but every network routed"
                        + " into the VPC (peerings, VPNs, transit gateways) reaches Kerberos, LDAP, SMB and RPC on"
                        + " them" + (rdp ? "; a range here also covers RDP's port 3389" : "") + ".",
                "None.",
                "Allow the same ports from " + vpc + trusted + " instead of the world, then revoke the world rules:"
                        + " the two commands below, in that order (the first adds every range at once: near the"
                        + " group's quota of " + RULES_PER_FAMILY + " rules per address family, go rule by rule)"
                        + (toFillIn.isEmpty() ? "." : "; fill in each trusted domain's networks where the first"
                        + " command names them.") + how + " " + ONLY_RULES)
                .withCommands(authorize, revoke);
    }

    /**
     * The WorkSpaces administration guide ("Security groups for WorkSpaces") says to avoid modifying, deleting or
     * detaching d-…_controllers and d-…_workspacesMembers, which cannot be recreated; the Directory Service guide
     * documents tightening the controllers' sources as supported. G5 touches rules only (F19).
     */
    /** How RDP is reached without a world rule: what the alert says before and after the revoke. */
    static final String RDP_INSTEAD = "Connect through Session Manager instead: forward RDP to your machine with the"
            + " start-session command below (an instance's id for the placeholder) and point the RDP client at"
            + " localhost:13389. If a network must reach RDP directly, allow its range only.";

    /** Session Manager's port forwarding ("Port forwarding" in the Session Manager user guide). */
    static final String START_RDP_SESSION = ShellCommand.of("aws", "ssm", "start-session", "--target",
            "<instance id>", "--document-name", "AWS-StartPortForwardingSession", "--parameters",
            "{\"portNumber\":[\"3389\"],\"localPortNumber\":[\"13389\"]}");

    /** What is left once a world rule is revoked, and the commands for it. */
    static String afterRevoke(Exposure kind) {
        return "Nothing to run. " + (kind == Exposure.RDP_OPEN ? RDP_INSTEAD
                : "If something needed that access, allow it again from the addresses that need it, never 0.0.0.0/0"
                        + " or ::/0.");
    }

    /** The alert's title once the world rules are revoked: what was done first. */
    static String revokedTitle(Exposure kind, SecurityGroup group, int rules) {
        return "Revoked " + (kind == Exposure.RDP_OPEN ? "RDP from the internet" : rules == 1 ? "a world-open rule"
                : rules + " world-open rules") + " on security group " + group.label();
    }

    static String[] afterRevokeCommands(Exposure kind) {
        return kind == Exposure.RDP_OPEN ? new String[] {START_RDP_SESSION} : new String[0];
    }

    /** One command revoking every rule named. */
    static String revokeCommand(SecurityGroup group, List<IngressRule> rules) {
        List<String> words = new ArrayList<>(List.of("aws", "ec2", "revoke-security-group-ingress", "--group-id",
                group.id(), "--security-group-rule-ids"));
        rules.forEach(rule -> words.add(rule.ruleId()));
        return ShellCommand.of(words);
    }

    /**
     * One command allowing each world rule's ports from the ranges of its address family, and the IPv4 networks to
     * fill in (a placeholder when none is known): the AWS CLI takes several --ip-permissions in its shorthand, one word
     * each.
     */
    static String authorizeCommand(SecurityGroup group, List<IngressRule> rules, List<String> allow,
                                   List<String> ipv4ToFillIn) {
        List<String> words = new ArrayList<>(List.of("aws", "ec2", "authorize-security-group-ingress", "--group-id",
                group.id(), "--ip-permissions"));
        for (IngressRule rule : rules) {
            boolean v6 = rule.cidrIpv6() != null;
            List<String> ranges = new ArrayList<>(allow.stream().filter(cidr -> ExposurePolicy.isIpv6(cidr) == v6)
                    .toList());
            if (!v6) {
                ranges.addAll(ipv4ToFillIn);
            }
            words.add(permission(rule, ranges.isEmpty() ? List.of(v6 ? "<IPv6 range>" : "<range>") : ranges));
        }
        return ShellCommand.of(words);
    }

    static final String ONLY_RULES = "Change the rules only: never delete the group or detach it, since WorkSpaces"
            + " cannot recreate its d-…_controllers and d-…_workspacesMembers groups (G5 itself changes rules and"
            + " nothing else).";

    /** The exposure on a group is gone (closed by someone, or the group's rules changed). */
    public static Finding closed(SecurityGroup group, Set<String> before) {
        return new Finding(GUARDRAIL, CLOSED, Severity.INFO, group.id(),
                group.directoryId() == null ? List.of() : List.of(group.directoryId()),
                "Security group " + group.label() + " is no longer open to the world",
                "The world-open rules reported before (" + String.join(" ", before) + ") are gone from "
                        + group.label() + ".",
                "An exposure reported and then closed is worth knowing about.", "None.", "Nothing to do.");
    }

    /** "tcp 53, 88 and udp 53 from 0.0.0.0/0 (rules sgr-…)", ports grouped per protocol and source. */
    static String describe(List<IngressRule> rules) {
        Map<String, List<String>> bySource = new java.util.LinkedHashMap<>();
        for (IngressRule rule : rules) {
            bySource.computeIfAbsent(rule.source(), s -> new ArrayList<>()).add(rule.ports());
        }
        String exposed = bySource.entrySet().stream()
                .map(e -> String.join(", ", e.getValue()) + " from " + e.getKey())
                .collect(Collectors.joining("; "));
        return "inbound " + exposed + " (" + (rules.size() == 1 ? "rule " : "rules ")
                + rules.stream().map(IngressRule::ruleId).collect(Collectors.joining(" ")) + ")";
    }

    /** The CLI's shorthand for one rule's ports from ranges of one address family. */
    static String permission(IngressRule rule, List<String> cidrs) {
        boolean v6 = rule.cidrIpv6() != null;
        String ranges = cidrs.stream().map(cidr -> v6 ? "{CidrIpv6=" + cidr + "}" : "{CidrIp=" + cidr + "}")
                .collect(Collectors.joining(","));
        return "IpProtocol=" + rule.protocol() + ",FromPort=" + rule.fromPort() + ",ToPort=" + rule.toPort() + ","
                + (v6 ? "Ipv6Ranges=[" : "IpRanges=[") + ranges + "]";
    }

    /** What may reach the controllers instead of the world: the directory's VPC ranges, then the policy's. */
    static List<String> allowedInstead(DirectoryNetwork network, ExposurePolicy policy) {
        List<String> all = new ArrayList<>(network == null ? List.of() : network.vpcCidrs());
        all.addAll(policy.controllersAllowedCidrs());
        return all.stream().distinct().toList();
    }

    /** The ranges that replace a world rule on the controllers: those of the rule's address family. */
    public static List<String> replacements(IngressRule rule, DirectoryNetwork network, ExposurePolicy policy) {
        boolean v6 = rule.cidrIpv6() != null;
        return allowedInstead(network, policy).stream().filter(cidr -> ExposurePolicy.isIpv6(cidr) == v6).toList();
    }

    /** Inbound rules a security group holds per address family (VPC quota; adjustable): F18. */
    public static final int RULES_PER_FAMILY = 60;

    /**
     * The most inbound rules of one address family the group holds while the plan runs rule by rule (a world rule's
     * ranges added, then that rule revoked). A rule on a referenced group or prefix list counts in both families, as
     * the VPC quota counts it; a range already there is added anyway (the count errs on the safe side).
     */
    public static int peakRules(SecurityGroup group, Map<IngressRule, List<String>> plan) {
        int v4 = 0;
        int v6 = 0;
        for (IngressRule rule : group.ingress()) {
            boolean onlyV6 = rule.cidrIpv6() != null;
            boolean onlyV4 = rule.cidrIpv4() != null;
            v4 += onlyV6 ? 0 : 1;
            v6 += onlyV4 ? 0 : 1;
        }
        int peak = Math.max(v4, v6);
        for (Map.Entry<IngressRule, List<String>> step : plan.entrySet()) {
            if (step.getValue().isEmpty()) {
                continue;
            }
            boolean v6Step = ExposurePolicy.isIpv6(step.getValue().get(0));
            int during = (v6Step ? v6 : v4) + step.getValue().size();
            peak = Math.max(peak, during);
            if (v6Step) {
                v6 = during - 1;
            } else {
                v4 = during - 1;
            }
        }
        return peak;
    }

    /** What an operator is told when a replacement cannot fit the quota: the plan, and the ways out. */
    public static String quotaAdvice(SecurityGroup group, Map<IngressRule, List<String>> plan, int peak) {
        String steps = plan.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey().ruleId() + " (" + e.getKey().ports() + ") -> " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
        return "The replacement needs " + peak + " inbound rules of one address family at its peak, over the quota of "
                + RULES_PER_FAMILY + " (Amazon VPC quotas, \"Inbound or outbound rules per security group\"): G5 left "
                + group.id() + " as it was. Raise the quota in Service Quotas, or allow fewer ranges (a wider range, or"
                + " fewer entries in ControllersAllowedCidrs), or merge the world rules' ports, then let G5 replace"
                + " them. The plan: " + steps + ". " + ONLY_RULES;
    }

    /** Each world rule with its replacement ranges, in the group's order (empty: no range of its family). */
    public static Map<IngressRule, List<String>> replacementPlan(List<IngressRule> rules, DirectoryNetwork network,
                                                               ExposurePolicy policy) {
        Map<IngressRule, List<String>> plan = new java.util.LinkedHashMap<>();
        rules.forEach(rule -> plan.put(rule, replacements(rule, network, policy)));
        return plan;
    }
}
