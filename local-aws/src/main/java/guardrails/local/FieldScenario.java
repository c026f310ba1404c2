package guardrails.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.CreateWorkspacesResponse;
import software.amazon.awssdk.services.workspaces.model.Tag;
import software.amazon.awssdk.services.workspaces.model.WorkspaceRequest;

/**
 * The account of the field reports, seeded into the local emulator: an AWS Managed Microsoft AD registered with
 * WorkSpaces on two /27 subnets in two Availability Zones (F6), a one-way forest trust to a self-managed domain
 * (F1) with its conditional forwarder (F4), Amazon's Linux and Windows bundles, and a user of the trusted domain.
 * Names are illustrative.
 */
public final class FieldScenario {

    public static final String MANAGED_DOMAIN = "managed.example.net";
    public static final String MANAGED_SHORT_NAME = "MANAGED";
    public static final String TRUSTED_DOMAIN = "onprem.example.net";
    public static final String TRUSTED_USER = "test-1";
    public static final String DIRECTORY_USER = "local-admin-1";
    public static final String LINUX_BUNDLE = "wsb-al2value1";
    public static final String WINDOWS_BUNDLE = "wsb-win10std1";
    public static final String WINDOWS_SERVER_BUNDLE = "wsb-win22prf1";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Amazon's public bundles as DescribeWorkspaceBundles lists them (moto 5.2.1 does not serve that call). */
    private static final List<Map<String, String>> AMAZON_BUNDLES = List.of(
            Map.of("BundleId", LINUX_BUNDLE, "Name", "Value with Amazon Linux 2",
                    "Description", "Amazon Linux 2 with 2 vCPU, 4GiB memory, 10GB storage"),
            Map.of("BundleId", WINDOWS_BUNDLE, "Name", "Standard with Windows 10 (Server 2019 based)",
                    "Description", "Windows 10 experience provided by Windows Server 2019, 2 vCPU, 4GiB memory"),
            Map.of("BundleId", WINDOWS_SERVER_BUNDLE, "Name", "Performance with Windows Server 2022",
                    "Description", "Windows Server 2022, 2 vCPU, 7.5GiB memory"));

    private final LocalAws aws;
    public final String vpcId;
    public final List<String> subnetIds;
    public final String directoryId;
    public volatile String trustId;
    /** Conditional forwarders by directory, as DescribeConditionalForwarders lists them (moto lacks the call). */
    private final Map<String, Set<String>> forwarders = new ConcurrentHashMap<>();
    /** Accounts by realm and SAMAccountName, as the Directory Service Data API answers for them. */
    private final Map<String, Map<String, Account>> usersByRealm = new ConcurrentHashMap<>();
    /** A refusal every DescribeUser in a realm answers with (null key: every realm), see {@link #refuseUserLookups}. */
    private final Map<String, StandIn.Reply> lookupRefusals = new ConcurrentHashMap<>();
    private volatile boolean dataApiEnabled = true;
    private final List<String> enis = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String trustStateOverride;

    private FieldScenario(LocalAws aws, String vpcId, List<String> subnetIds, String directoryId, String trustId) {
        this.aws = aws;
        this.vpcId = vpcId;
        this.subnetIds = subnetIds;
        this.directoryId = directoryId;
        this.trustId = trustId;
    }

    /** The emulator this scenario is seeded on. */
    public LocalAws aws() {
        return aws;
    }

    /** The seed's VPC: two /27 subnets in it (F6). */
    public static final String VPC_CIDR = "10.0.0.0/24";

    public static FieldScenario seed(LocalAws aws) {
        return seed(aws, "One-Way: Outgoing");
    }

    public static FieldScenario seed(LocalAws aws, String trustDirection) {
        Ec2Client ec2 = aws.client(Ec2Client.builder());
        String vpcId = ec2.createVpc(r -> r.cidrBlock(VPC_CIDR)).vpc().vpcId();
        String subnetA = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.0.0/27")
                .availabilityZone(LocalAws.REGION + "a")).subnet().subnetId();
        String subnetB = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.0.32/27")
                .availabilityZone(LocalAws.REGION + "b")).subnet().subnetId();

        String directoryId = registeredDirectory(aws, MANAGED_DOMAIN, MANAGED_SHORT_NAME, vpcId,
                List.of(subnetA, subnetB));
        String trustId = trust(aws, directoryId, TRUSTED_DOMAIN, trustDirection);
        loggingTrail(aws);

        FieldScenario scenario = new FieldScenario(aws, vpcId, List.of(subnetA, subnetB), directoryId, trustId);
        scenario.forwarders.computeIfAbsent(directoryId, k -> ConcurrentHashMap.newKeySet()).add(TRUSTED_DOMAIN);
        scenario.addUser(TRUSTED_DOMAIN, TRUSTED_USER, true);
        scenario.addUser(MANAGED_DOMAIN, DIRECTORY_USER, true);
        scenario.serveMissingOperations();
        return scenario;
    }

    /**
     * Another managed directory in the seed's VPC, registered with WorkSpaces, with a trust to its own on-premises
     * domain and that domain's conditional forwarder: for accounts with many directories.
     */
    public String addDirectoryWithTrust(int n, String trustDirection) {
        String directory = registeredDirectory(aws, "corp" + n + ".example.net", "CORP" + n, vpcId, subnetIds);
        String domain = "onprem" + n + ".example.net";
        trust(aws, directory, domain, trustDirection);
        forwarders.computeIfAbsent(directory, k -> ConcurrentHashMap.newKeySet()).add(domain);
        usersByRealm.computeIfAbsent(domain, k -> new ConcurrentHashMap<>());
        return directory;
    }

    /** A Microsoft AD in these subnets, registered with WorkSpaces. */
    private static String registeredDirectory(LocalAws aws, String name, String shortName, String vpcId,
                                              List<String> subnets) {
        String directoryId = aws.client(DirectoryClient.builder()).createMicrosoftAD(r -> r.name(name)
                .shortName(shortName).password("Emulator-only-1").edition("Standard")
                .vpcSettings(v -> v.vpcId(vpcId).subnetIds(subnets))).directoryId();
        aws.client(WorkSpacesClient.builder()).registerWorkspaceDirectory(r -> r.directoryId(directoryId)
                .subnetIds(subnets));
        return directoryId;
    }

    private static String trust(LocalAws aws, String directoryId, String remoteDomain, String direction) {
        return aws.client(DirectoryClient.builder()).createTrust(r -> r.directoryId(directoryId)
                .remoteDomainName(remoteDomain).trustPassword("Emulator-only-trust-1").trustDirection(direction)
                .trustType("Forest").conditionalForwarderIpAddrs("10.0.1.10")).trustId();
    }

    /** The account's trail, as most accounts have one: multi-region, logging management events (the default). */
    public static final String TRAIL = "guardrails-field-trail";

    private static void loggingTrail(LocalAws aws) {
        String bucket = "guardrails-field-trail-logs";
        aws.client(S3Client.builder().forcePathStyle(true)).createBucket(r -> r.bucket(bucket));
        CloudTrailClient cloudTrail = aws.client(CloudTrailClient.builder());
        cloudTrail.createTrail(r -> r.name(TRAIL).s3BucketName(bucket).isMultiRegionTrail(true));
        cloudTrail.startLogging(r -> r.name(TRAIL));
    }

    /** The trail stops (or starts again) logging: what G2's sweep checks for G1's and its own sake. */
    public void trailLogging(boolean on) {
        CloudTrailClient cloudTrail = aws.client(CloudTrailClient.builder());
        if (on) {
            cloudTrail.startLogging(r -> r.name(TRAIL));
        } else {
            cloudTrail.stopLogging(r -> r.name(TRAIL));
        }
    }

    /** An account as DescribeUser describes it. */
    public record Account(boolean enabled, String userPrincipalName) {
    }

    /** An account in a realm (the managed domain or a trusted one), its UPN carrying that realm's suffix. */
    public void addUser(String realm, String samAccountName, boolean enabled) {
        addAccount(realm, samAccountName, new Account(enabled, samAccountName + "@" + realm));
    }

    private void addAccount(String realm, String samAccountName, Account account) {
        usersByRealm.computeIfAbsent(realm.toLowerCase(java.util.Locale.ROOT), k -> new ConcurrentHashMap<>())
                .put(samAccountName.toLowerCase(java.util.Locale.ROOT), account);
    }

    /**
     * From now on DescribeUser in {@code realm} (null: every realm, the directory's own included) answers with an
     * error DescribeUser declares, e.g. 400 DirectoryUnavailableException with reason TRUST_AUTH_FAILURE.
     */
    public void refuseUserLookups(String realm, int status, String errorType, String reason) {
        lookupRefusals.put(realm == null ? "*" : realm.toLowerCase(java.util.Locale.ROOT), StandIn.Reply.error(
                status, errorType, "refused (emulated)", reason == null ? null : "\"Reason\":\"" + reason + "\""));
    }

    /** Field fact F3's setting switched off: the directory's Data API is not enabled. */
    public void disableDataApi() {
        dataApiEnabled = false;
    }

    /** Shows every trust in this state (moto keeps new trusts "Creating" for ever). */
    public void trustStateBecomes(String state) {
        trustStateOverride = state;
    }

    /**
     * F4's fix: a domain pair holds one trust only, so the trust is deleted and created again with the new
     * direction. Returns the new trust's id.
     */
    public String recreateTrust(String direction) {
        aws.client(DirectoryClient.builder()).deleteTrust(r -> r.trustId(trustId));
        trustId = trust(aws, directoryId, TRUSTED_DOMAIN, direction);
        return trustId;
    }

    public void removeConditionalForwarder() {
        forwarders.getOrDefault(directoryId, Set.of()).remove(TRUSTED_DOMAIN);
    }

    /**
     * CreateWorkspaces in the seed's directory. For a user found only in the trusted domain, WorkSpaces also leaves
     * a disabled shadow account of that name in the managed domain, its UPN carrying the trusted suffix (F3).
     */
    public CreateWorkspacesResponse createWorkspace(String userName, String bundleId) {
        CreateWorkspacesResponse response = aws.client(WorkSpacesClient.builder()).createWorkspaces(r -> r
                .workspaces(WorkspaceRequest.builder().directoryId(directoryId).userName(userName).bundleId(bundleId).build()));
        String name = userName.toLowerCase(java.util.Locale.ROOT);
        if (!usersByRealm.getOrDefault(MANAGED_DOMAIN, Map.of()).containsKey(name)
                && usersByRealm.getOrDefault(TRUSTED_DOMAIN, Map.of()).containsKey(name)) {
            addAccount(MANAGED_DOMAIN, userName, new Account(false, userName + "@" + TRUSTED_DOMAIN));
        }
        return response;
    }

    public void tagWorkspace(String workspaceId, String key, String value) {
        aws.client(WorkSpacesClient.builder()).createTags(r -> r.resourceId(workspaceId)
                .tags(Tag.builder().key(key).value(value).build()));
    }

    /** Takes {@code count} addresses in a subnet, as WorkSpaces' ENIs would. */
    public void fillSubnet(String subnetId, int count) {
        Ec2Client ec2 = aws.client(Ec2Client.builder());
        for (int i = 0; i < count; i++) {
            enis.add(ec2.createNetworkInterface(r -> r.subnetId(subnetId).description("WorkSpace ENI (emulated)"))
                    .networkInterface().networkInterfaceId());
        }
    }

    /** Gives back every address {@link #fillSubnet} took, as terminating those WorkSpaces would. */
    public void releaseFilledAddresses() {
        Ec2Client ec2 = aws.client(Ec2Client.builder());
        enis.forEach(id -> ec2.deleteNetworkInterface(r -> r.networkInterfaceId(id)));
        enis.clear();
    }

    /**
     * Session hosts behind a Network Load Balancer (seed 004's setup): an NLB in the scenario's subnets, a target
     * group on 3389 with two hosts registered, and a listener forwarding RDP to it. Stickiness is left as the
     * protocol's default (off), as CreateTargetGroup leaves it. Returns the target group's ARN.
     */
    public String rdpLoadBalancer(String name, String protocol) {
        var elb = aws.client(ElasticLoadBalancingV2Client.builder());
        String loadBalancer = elb.createLoadBalancer(r -> r.name(name + "-nlb").type("network").scheme("internal")
                .subnets(subnetIds)).loadBalancers().get(0).loadBalancerArn();
        String group = elb.createTargetGroup(r -> r.name(name).protocol(protocol).port(3389).vpcId(vpcId)
                .targetType("instance")).targetGroups().get(0).targetGroupArn();
        elb.registerTargets(r -> r.targetGroupArn(group).targets(
                TargetDescription.builder().id(sessionHost()).port(3389).build(),
                TargetDescription.builder().id(sessionHost()).port(3389).build()));
        elb.createListener(r -> r.loadBalancerArn(loadBalancer).protocol(protocol).port(3389)
                .defaultActions(Action.builder().type("forward").targetGroupArn(group).build()));
        return group;
    }

    /**
     * An RD Gateway farm: two gateways on 443 behind a load balancer (an Application Load Balancer for HTTPS, a Network
     * Load Balancer for TCP), the group tagged guardrails:rd-gateway = true, stickiness off (the default). The
     * listener is left out: an HTTPS one needs a certificate, and G6 judges the group.
     */
    public String rdGatewayFarm(String name, String protocol) {
        var elb = aws.client(ElasticLoadBalancingV2Client.builder());
        elb.createLoadBalancer(r -> r.name(name + "-lb").type("HTTPS".equals(protocol) ? "application" : "network")
                .scheme("internal").subnets(subnetIds));
        String group = elb.createTargetGroup(r -> r.name(name).protocol(protocol).port(443).vpcId(vpcId)
                .targetType("instance").tags(software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag
                        .builder().key("guardrails:rd-gateway").value("true").build()))
                .targetGroups().get(0).targetGroupArn();
        elb.registerTargets(r -> r.targetGroupArn(group).targets(
                TargetDescription.builder().id(sessionHost()).port(443).build(),
                TargetDescription.builder().id(sessionHost()).port(443).build()));
        return group;
    }

    /** The target group's stickiness type, as DescribeTargetGroupAttributes says it. */
    public String stickinessType(String targetGroupArn) {
        return aws.client(ElasticLoadBalancingV2Client.builder())
                .describeTargetGroupAttributes(r -> r.targetGroupArn(targetGroupArn)).attributes().stream()
                .filter(a -> a.key().equals("stickiness.type")).map(a -> a.value()).findFirst().orElse(null);
    }

    /** The target group's stickiness, as DescribeTargetGroupAttributes says it. */
    public String stickiness(String targetGroupArn) {
        return aws.client(ElasticLoadBalancingV2Client.builder())
                .describeTargetGroupAttributes(r -> r.targetGroupArn(targetGroupArn)).attributes().stream()
                .filter(a -> a.key().equals("stickiness.enabled")).map(a -> a.value()).findFirst().orElse(null);
    }

    private String sessionHost() {
        Ec2Client ec2 = aws.client(Ec2Client.builder());
        return ec2.runInstances(r -> r.imageId("ami-12c6146b").minCount(1).maxCount(1).instanceType("t3.medium")
                .subnetId(subnetIds.get(0))).instances().get(0).instanceId();
    }

    /** The directory's domain controllers' group, d-…_controllers, as DescribeDirectories names it. */
    public String controllersGroup() {
        return aws.client(DirectoryClient.builder()).describeDirectories(r -> r.directoryIds(directoryId))
                .directoryDescriptions().get(0).vpcSettings().securityGroupId();
    }

    /** The WorkSpaces directory's group, d-…_workspacesMembers, as DescribeWorkspaceDirectories names it. */
    public String workspacesMembersGroup() {
        return aws.client(WorkSpacesClient.builder()).describeWorkspaceDirectories(r -> r.directoryIds(directoryId))
                .directories().get(0).workspaceSecurityGroupId();
    }

    /**
     * The directory ports on d-…_controllers open to 0.0.0.0/0, as seed 001 saw them and as AWS's older documentation
     * gave their source (the ports of botocore's ds model, AddIpRoutes UpdateSecurityGroupForDirectoryControllers).
     * Returns the rules' ids.
     */
    public List<String> openControllersToTheWorld() {
        List<String> ids = new java.util.ArrayList<>();
        for (int port : new int[] {53, 88, 123, 138, 389, 445, 464}) {
            ids.add(openToTheWorld(controllersGroup(), "udp", port, port));
        }
        for (int port : new int[] {53, 88, 135, 389, 445, 464, 636}) {
            ids.add(openToTheWorld(controllersGroup(), "tcp", port, port));
        }
        ids.add(openToTheWorld(controllersGroup(), "tcp", 1024, 65535));
        ids.add(openToTheWorld(controllersGroup(), "tcp", 3268, 3269));
        ids.add(openToTheWorld(controllersGroup(), "icmp", -1, -1));
        return ids;
    }

    /** A security group of the scenario's VPC (tagged exempt when asked). */
    public String securityGroup(String name, boolean exempt) {
        Ec2Client ec2 = aws.client(Ec2Client.builder());
        String id = ec2.createSecurityGroup(r -> r.groupName(name).description(name).vpcId(vpcId)).groupId();
        if (exempt) {
            ec2.createTags(r -> r.resources(id).tags(software.amazon.awssdk.services.ec2.model.Tag.builder()
                    .key("guardrails:exempt").value("true").build()));
        }
        return id;
    }

    /** An inbound rule from 0.0.0.0/0; returns its security group rule id. */
    public String openToTheWorld(String groupId, String protocol, int fromPort, int toPort) {
        return aws.client(Ec2Client.builder()).authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(
                p -> p.ipProtocol(protocol).fromPort(fromPort).toPort(toPort).ipRanges(i -> i.cidrIp("0.0.0.0/0"))))
                .securityGroupRules().get(0).securityGroupRuleId();
    }

    /** A group's inbound rules, "rule-id protocol from-to source". */
    public List<String> inboundRules(String groupId) {
        return aws.client(Ec2Client.builder()).describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id")
                .values(groupId))).securityGroupRules().stream().filter(rule -> !rule.isEgress())
                .map(rule -> rule.securityGroupRuleId() + " " + rule.ipProtocol() + " " + rule.fromPort() + "-"
                        + rule.toPort() + " " + (rule.cidrIpv4() != null ? rule.cidrIpv4() : rule.cidrIpv6()))
                .toList();
    }

    public int freeAddresses(String subnetId) {
        return aws.client(Ec2Client.builder()).describeSubnets(r -> r.subnetIds(subnetId)).subnets().get(0)
                .availableIpAddressCount();
    }

    private void serveMissingOperations() {
        StandIn standIn = aws.standIn();
        standIn.serve("WorkspacesService.DescribeWorkspaceBundles", call -> StandIn.Reply.json(bundles(call.body())));
        standIn.serve("/Users/DescribeUser", call -> describeUser(call.path(), call.body()));
        standIn.serve("DirectoryService_20150416.DescribeConditionalForwarders", call -> {
            String directory = read(call.body()).path("DirectoryId").asText();
            ObjectNode response = JSON.createObjectNode();
            ArrayNode list = response.putArray("ConditionalForwarders");
            forwarders.getOrDefault(directory, Set.of()).forEach(domain -> list.addObject()
                    .put("RemoteDomainName", domain).put("ReplicationScope", "Domain")
                    .putArray("DnsIpAddrs").add("10.0.1.10"));
            return StandIn.Reply.json(response.toString());
        });
        standIn.serve("DirectoryService_20150416.DescribeTrusts", call -> {
            StandIn.Reply reply = call.forward().send();
            String state = trustStateOverride;
            if (state == null || reply.status() != 200) {
                return reply;
            }
            ObjectNode body = (ObjectNode) read(reply.body());
            body.withArray("Trusts").forEach(t -> ((ObjectNode) t).put("TrustState", state));
            return new StandIn.Reply(200, body.toString(), reply.headers());
        });
    }

    /** DescribeWorkspaceBundles: by BundleIds, or every Amazon bundle for Owner=AMAZON, else the account's (none). */
    private static String bundles(String requestBody) {
        JsonNode request = read(requestBody.isBlank() ? "{}" : requestBody);
        ObjectNode response = JSON.createObjectNode();
        ArrayNode bundles = response.putArray("Bundles");
        Set<String> wanted = new java.util.HashSet<>();
        request.path("BundleIds").forEach(id -> wanted.add(id.asText()));
        boolean amazon = "AMAZON".equals(request.path("Owner").asText());
        for (Map<String, String> bundle : AMAZON_BUNDLES) {
            if (wanted.contains(bundle.get("BundleId")) || (wanted.isEmpty() && amazon)) {
                ObjectNode b = bundles.addObject();
                bundle.forEach(b::put);
                b.put("Owner", "AMAZON");
                b.put("State", "AVAILABLE");
                b.put("BundleType", "REGULAR");
            }
        }
        return response.toString();
    }

    /**
     * ds-data DescribeUser (POST /Users/DescribeUser?DirectoryId=…, body SAMAccountName, Realm; no Realm: the
     * managed domain). A realm the directory does not trust is refused as AWS refuses it (ValidationException,
     * INVALID_REALM). Shapes: ds-data/2023-05-31/service-2.json.
     */
    private StandIn.Reply describeUser(String path, String body) {
        if (!dataApiEnabled) {
            return StandIn.Reply.error(403, "AccessDeniedException",
                    "Directory Service Data is not enabled for this directory", "\"Reason\":\"DATA_DISABLED\"");
        }
        JsonNode request = read(body);
        String user = request.path("SAMAccountName").asText();
        String realm = request.path("Realm").asText(MANAGED_DOMAIN).toLowerCase(java.util.Locale.ROOT);
        StandIn.Reply refusal = lookupRefusals.getOrDefault(realm, lookupRefusals.get("*"));
        if (refusal != null) {
            return refusal;
        }
        if (!usersByRealm.containsKey(realm)) {
            return StandIn.Reply.error(400, "ValidationException", "realm is not trusted by the directory",
                    "\"Reason\":\"INVALID_REALM\"");
        }
        Account account = usersByRealm.get(realm).get(user.toLowerCase(java.util.Locale.ROOT));
        if (account == null) {
            return StandIn.Reply.error(404, "ResourceNotFoundException", "user not found", null);
        }
        ObjectNode response = JSON.createObjectNode();
        response.put("DirectoryId", path.replaceAll(".*DirectoryId=([^&]+).*", "$1"));
        response.put("Realm", realm);
        response.put("SAMAccountName", user);
        response.put("UserPrincipalName", account.userPrincipalName());
        response.put("Enabled", account.enabled());
        return StandIn.Reply.json(response.toString());
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }
}
