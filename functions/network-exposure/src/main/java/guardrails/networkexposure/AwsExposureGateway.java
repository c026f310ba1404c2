package guardrails.networkexposure;

import guardrails.shared.findings.Exemption;
import guardrails.shared.priming.Priming;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.directory.model.DirectoryDescription;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressResponse;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/**
 * G5's AWS calls (botocore's ec2/2016-11-15, ds/2015-04-16 and workspaces/2015-04-08 models). A sweep costs one
 * DescribeSecurityGroups per 1,000 groups and one DescribeSecurityGroupRules per 1,000 rules (both APIs' MaxResults
 * bound), one DescribeDirectories and one DescribeWorkspaceDirectories per page (25 directories); the controllers'
 * VPC ranges and trusts are read only for a group with a finding.
 */
public final class AwsExposureGateway implements ExposureGateway {

    /** The IAM actions this gateway calls; a test holds them against the function's policy in template.yaml. */
    public static final List<String> IAM_ACTIONS = List.of("ec2:DescribeSecurityGroups",
            "ec2:DescribeSecurityGroupRules", "ec2:DescribeVpcs", "ds:DescribeDirectories", "ds:DescribeTrusts",
            "workspaces:DescribeWorkspaceDirectories", "ec2:GetManagedPrefixListEntries",
            "ec2:RevokeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupIngress");

    /** DescribeSecurityGroups' and DescribeSecurityGroupRules' MaxResults are at most 1,000 (the model's shapes). */
    static final int PAGE_SIZE = 1000;
    /** EC2's error codes (EC2 API reference, "Error codes"): the model declares none. */
    static final String GROUP_NOT_FOUND = "InvalidGroup.NotFound";
    static final String DUPLICATE = "InvalidPermission.Duplicate";

    private final Ec2Client ec2;
    private final DirectoryClient directories;
    private final WorkSpacesClient workspaces;

    public AwsExposureGateway(Ec2Client ec2, DirectoryClient directories, WorkSpacesClient workspaces) {
        this.ec2 = ec2;
        this.directories = directories;
        this.workspaces = workspaces;
    }

    /** SnapStart priming: every call this gateway makes, on clients that send nothing ({@link Priming#offline}). */
    public static Runnable[] primingCalls(String region) {
        var gateway = new AwsExposureGateway(Priming.offline(Ec2Client.builder(), region),
                Priming.offline(DirectoryClient.builder(), region), Priming.offline(WorkSpacesClient.builder(), region));
        IngressRule rule = new IngressRule("sgr-00000000000000000", "tcp", 3389, 3389, IngressRule.WORLD_IPV4, null);
        return new Runnable[] {
            gateway::securityGroups,
            () -> gateway.securityGroup("sg-00000000000000000"),
            () -> gateway.rules(List.of("sg-00000000000000000")), // the offline answers list no group
            () -> gateway.worldPrefixLists(java.util.Set.of("pl-00000000000000000")),
            () -> gateway.network("d-0000000000", "vpc-00000000000000000"),
            () -> gateway.revoke("sg-00000000000000000", List.of(rule.ruleId())),
            () -> gateway.replace("sg-00000000000000000", Map.of(rule, List.of("10.0.0.0/16"))),
        };
    }

    @Override
    public List<SecurityGroup> securityGroups() {
        Map<String, List<IngressRule>> rules = new HashMap<>();
        ec2.describeSecurityGroupRulesPaginator(r -> r.maxResults(PAGE_SIZE)).securityGroupRules()
                .forEach(rule -> addIngress(rules, rule));
        withWorldPrefixLists(rules);
        Roles roles = roles();
        List<SecurityGroup> groups = new ArrayList<>();
        ec2.describeSecurityGroupsPaginator(r -> r.maxResults(PAGE_SIZE)).securityGroups()
                .forEach(group -> groups.add(roles.of(bare(group, rules.get(group.groupId())))));
        return groups;
    }

    @Override
    public Optional<SecurityGroup> securityGroup(String groupId) {
        try {
            return ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().stream().findFirst()
                    .map(group -> roles().of(bare(group, rules(List.of(groupId)).get(groupId))));
        } catch (Ec2Exception e) {
            if (GROUP_NOT_FOUND.equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public DirectoryNetwork network(String directoryId, String vpcId) {
        List<String> cidrs = new ArrayList<>();
        for (Vpc vpc : ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs()) {
            vpc.cidrBlockAssociationSet().stream()
                    .filter(a -> a.cidrBlockState() == null || "associated".equals(a.cidrBlockState().stateAsString()))
                    .forEach(a -> cidrs.add(a.cidrBlock()));
            vpc.ipv6CidrBlockAssociationSet().stream()
                    .filter(a -> a.ipv6CidrBlockState() == null
                            || "associated".equals(a.ipv6CidrBlockState().stateAsString()))
                    .forEach(a -> cidrs.add(a.ipv6CidrBlock()));
            if (cidrs.isEmpty() && vpc.cidrBlock() != null) {
                cidrs.add(vpc.cidrBlock());
            }
        }
        List<String> trusts = directories.describeTrustsPaginator(r -> r.directoryId(directoryId)).trusts().stream()
                .map(t -> t.remoteDomainName() + " (" + t.trustDirectionAsString() + ")").toList();
        return new DirectoryNetwork(directoryId, cidrs, trusts);
    }

    @Override
    public Change revoke(String groupId, List<String> ruleIds) {
        RevokeSecurityGroupIngressResponse response = ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId)
                .securityGroupRuleIds(ruleIds));
        // A revoke by rule id that EC2 could not fully apply says so in Return or UnknownIpPermissions (the model).
        if (Boolean.FALSE.equals(response.returnValue())
                || (response.hasUnknownIpPermissions() && !response.unknownIpPermissions().isEmpty())) {
            throw new IllegalStateException("EC2 did not revoke every rule (Return " + response.returnValue()
                    + ", unknown " + response.unknownIpPermissions() + ")");
        }
        return new Change("Revoked " + String.join(" ", ruleIds) + " on " + groupId + ".", ruleIds);
    }

    /**
     * Rule by rule: a world rule's ranges are allowed, then that rule is revoked, before the next. The group holds at
     * most one world rule's replacements more than it ends with (the rules checked that this fits the quota of
     * inbound rules per address family), and a failure leaves every rule either replaced or as it was.
     */
    @Override
    public Change replace(String groupId, Map<IngressRule, List<String>> plan) {
        List<String> replaced = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Map<String, List<String>> allowed = new LinkedHashMap<>();
        for (Map.Entry<IngressRule, List<String>> planned : plan.entrySet()) {
            IngressRule rule = planned.getKey();
            List<String> cidrs = planned.getValue();
            if (cidrs.isEmpty()) {
                kept.add(rule.ruleId()); // no range of its family to allow instead: revoking would cut everyone off
                continue;
            }
            for (String cidr : cidrs) {
                allow(groupId, rule, cidr);
            }
            revoke(groupId, List.of(rule.ruleId()));
            allowed.computeIfAbsent(String.join(", ", cidrs), c -> new ArrayList<>()).add(rule.ports());
            replaced.add(rule.ruleId());
        }
        StringBuilder done = new StringBuilder();
        allowed.forEach((cidrs, ports) -> done.append("Allowed ").append(String.join(", ", ports)).append(" from ")
                .append(cidrs).append(". "));
        if (!replaced.isEmpty()) {
            done.append("Then revoked the world rules ").append(String.join(" ", replaced)).append(" on ")
                    .append(groupId).append(", each right after its replacement.");
        }
        if (!kept.isEmpty()) {
            done.append(" Left ").append(String.join(" ", kept)).append(" in place: no range of its address family"
                    + " to allow instead (add one to ControllersAllowedCidrs).");
        }
        return new Change(done.toString().trim(), replaced);
    }

    /** Allows one rule's ports from one range; a rule already there is fine (a retry, or an operator's). */
    private void allow(String groupId, IngressRule rule, String cidr) {
        IpPermission.Builder permission = IpPermission.builder().ipProtocol(rule.protocol());
        if (!rule.allTraffic()) {
            permission.fromPort(rule.fromPort()).toPort(rule.toPort());
        }
        String description = "G5 guardrail: replaces world-open " + rule.ruleId();
        if (ExposurePolicy.isIpv6(cidr)) {
            permission.ipv6Ranges(Ipv6Range.builder().cidrIpv6(cidr).description(description).build());
        } else {
            permission.ipRanges(IpRange.builder().cidrIp(cidr).description(description).build());
        }
        try {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(permission.build()));
        } catch (Ec2Exception e) {
            if (!DUPLICATE.equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) {
                throw e;
            }
        }
    }

    /** The inbound rules of these groups, by group. */
    Map<String, List<IngressRule>> rules(List<String> groupIds) {
        Map<String, List<IngressRule>> rules = new HashMap<>();
        ec2.describeSecurityGroupRulesPaginator(r -> r.filters(Filter.builder().name("group-id").values(groupIds)
                .build())).securityGroupRules().forEach(rule -> addIngress(rules, rule));
        withWorldPrefixLists(rules);
        return rules;
    }

    /**
     * A rule allowing a prefix list is open to the world when the list holds 0.0.0.0/0 or ::/0: each list the rules
     * reference is read once (GetManagedPrefixListEntries, paged), and its rules marked.
     */
    private void withWorldPrefixLists(Map<String, List<IngressRule>> rules) {
        java.util.Set<String> referenced = new java.util.TreeSet<>();
        rules.values().forEach(list -> list.stream().map(IngressRule::prefixListId)
                .filter(java.util.Objects::nonNull).forEach(referenced::add));
        if (referenced.isEmpty()) {
            return;
        }
        java.util.Set<String> world = worldPrefixLists(referenced);
        rules.replaceAll((groupId, list) -> list.stream().map(rule -> world.contains(rule.prefixListId())
                ? rule.throughWorldPrefixList() : rule).toList());
    }

    /** The prefix lists among these that hold a world range. */
    java.util.Set<String> worldPrefixLists(java.util.Set<String> prefixListIds) {
        java.util.Set<String> world = new java.util.HashSet<>();
        for (String id : prefixListIds) {
            ec2.getManagedPrefixListEntriesPaginator(r -> r.prefixListId(id)).entries().forEach(entry -> {
                if (IngressRule.WORLD_IPV4.equals(entry.cidr()) || IngressRule.WORLD_IPV6.equals(entry.cidr())) {
                    world.add(id);
                }
            });
        }
        return world;
    }

    private static void addIngress(Map<String, List<IngressRule>> rules, SecurityGroupRule rule) {
        if (Boolean.TRUE.equals(rule.isEgress())) {
            return;
        }
        rules.computeIfAbsent(rule.groupId(), g -> new ArrayList<>()).add(new IngressRule(rule.securityGroupRuleId(),
                rule.ipProtocol(), rule.fromPort() == null ? -1 : rule.fromPort(),
                rule.toPort() == null ? -1 : rule.toPort(), rule.cidrIpv4(), rule.cidrIpv6(), rule.prefixListId(),
                false));
    }

    private static SecurityGroup bare(software.amazon.awssdk.services.ec2.model.SecurityGroup group,
                                      List<IngressRule> ingress) {
        Map<String, String> tags = new HashMap<>();
        for (Tag tag : group.tags()) {
            tags.put(tag.key(), tag.value());
        }
        return new SecurityGroup(group.groupId(), group.groupName(), group.vpcId(), SecurityGroup.Role.OTHER, null,
                ingress, Exemption.isExempt(tags));
    }

    /** Which groups the directories use, from their own answers. */
    private Roles roles() {
        Map<String, String> controllers = new HashMap<>();
        for (DirectoryDescription d : directories.describeDirectoriesPaginator(r -> { }).directoryDescriptions()) {
            if (d.vpcSettings() != null && d.vpcSettings().securityGroupId() != null) {
                controllers.put(d.vpcSettings().securityGroupId(), d.directoryId());
            }
            if (d.connectSettings() != null && d.connectSettings().securityGroupId() != null) {
                controllers.put(d.connectSettings().securityGroupId(), d.directoryId()); // AD Connector's own group
            }
        }
        Map<String, String> members = new HashMap<>();
        workspaces.describeWorkspaceDirectoriesPaginator(r -> { }).directories().forEach(d -> {
            if (d.workspaceSecurityGroupId() != null) {
                members.put(d.workspaceSecurityGroupId(), d.directoryId());
            }
            // WorkSpaces applies the directory's custom security group to its WorkSpaces too (F19: WorkspaceDirectory
            // WorkspaceCreationProperties.CustomSecurityGroupId, workspaces/2015-04-08/service-2.json).
            if (d.workspaceCreationProperties() != null
                    && d.workspaceCreationProperties().customSecurityGroupId() != null) {
                members.putIfAbsent(d.workspaceCreationProperties().customSecurityGroupId(), d.directoryId());
            }
        });
        return new Roles(controllers, members);
    }

    private record Roles(Map<String, String> controllers, Map<String, String> members) {
        SecurityGroup of(SecurityGroup group) {
            if (controllers.containsKey(group.id())) {
                return group.withRole(SecurityGroup.Role.CONTROLLERS, controllers.get(group.id()));
            }
            if (members.containsKey(group.id())) {
                return group.withRole(SecurityGroup.Role.WORKSPACES_MEMBERS, members.get(group.id()));
            }
            return group;
        }
    }
}
