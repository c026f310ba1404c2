package guardrails.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.CreateWorkspacesResponse;

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
    /** Users by realm, as the Directory Service Data API answers for them. */
    private final Map<String, Set<String>> usersByRealm = new ConcurrentHashMap<>();
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

    public static FieldScenario seed(LocalAws aws) {
        return seed(aws, "One-Way: Outgoing");
    }

    public static FieldScenario seed(LocalAws aws, String trustDirection) {
        Ec2Client ec2 = aws.client(Ec2Client.builder());
        String vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/24")).vpc().vpcId();
        String subnetA = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.0.0/27")
                .availabilityZone(LocalAws.REGION + "a")).subnet().subnetId();
        String subnetB = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.0.32/27")
                .availabilityZone(LocalAws.REGION + "b")).subnet().subnetId();

        DirectoryClient ds = aws.client(DirectoryClient.builder());
        String directoryId = ds.createMicrosoftAD(r -> r.name(MANAGED_DOMAIN).shortName(MANAGED_SHORT_NAME)
                .password("Emulator-only-1").edition("Standard")
                .vpcSettings(v -> v.vpcId(vpcId).subnetIds(subnetA, subnetB))).directoryId();
        aws.client(WorkSpacesClient.builder()).registerWorkspaceDirectory(r -> r.directoryId(directoryId)
                .subnetIds(subnetA, subnetB));
        String trustId = ds.createTrust(r -> r.directoryId(directoryId).remoteDomainName(TRUSTED_DOMAIN)
                .trustPassword("Emulator-only-trust-1").trustDirection(trustDirection).trustType("Forest")
                .conditionalForwarderIpAddrs("10.0.1.10")).trustId();

        FieldScenario scenario = new FieldScenario(aws, vpcId, List.of(subnetA, subnetB), directoryId, trustId);
        scenario.forwarders.computeIfAbsent(directoryId, k -> ConcurrentHashMap.newKeySet()).add(TRUSTED_DOMAIN);
        scenario.usersByRealm.put(TRUSTED_DOMAIN, ConcurrentHashMap.newKeySet());
        scenario.usersByRealm.get(TRUSTED_DOMAIN).add(TRUSTED_USER);
        scenario.usersByRealm.put(MANAGED_DOMAIN, ConcurrentHashMap.newKeySet());
        scenario.usersByRealm.get(MANAGED_DOMAIN).add(DIRECTORY_USER);
        scenario.serveMissingOperations();
        return scenario;
    }

    /**
     * Another managed directory in the seed's VPC, registered with WorkSpaces, with a trust (Verified, its
     * conditional forwarder in place) to its own on-premises domain: for accounts with many directories.
     */
    public String addDirectoryWithTrust(int n, String trustDirection) {
        DirectoryClient ds = aws.client(DirectoryClient.builder());
        String directory = ds.createMicrosoftAD(r -> r.name("corp" + n + ".example.net").password("Emulator-only-1")
                .edition("Standard").vpcSettings(v -> v.vpcId(vpcId).subnetIds(subnetIds))).directoryId();
        aws.client(WorkSpacesClient.builder()).registerWorkspaceDirectory(r -> r.directoryId(directory)
                .subnetIds(subnetIds));
        String domain = "onprem" + n + ".example.net";
        ds.createTrust(r -> r.directoryId(directory).remoteDomainName(domain).trustPassword("Emulator-only-trust-1")
                .trustDirection(trustDirection).trustType("Forest").conditionalForwarderIpAddrs("10.0.1.10"));
        forwarders.computeIfAbsent(directory, k -> ConcurrentHashMap.newKeySet()).add(domain);
        return directory;
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
        DirectoryClient ds = aws.client(DirectoryClient.builder());
        ds.deleteTrust(r -> r.trustId(trustId));
        trustId = ds.createTrust(r -> r.directoryId(directoryId).remoteDomainName(TRUSTED_DOMAIN)
                .trustPassword("Emulator-only-trust-2").trustDirection(direction).trustType("Forest")
                .conditionalForwarderIpAddrs("10.0.1.10")).trustId();
        return trustId;
    }

    public void removeConditionalForwarder() {
        forwarders.getOrDefault(directoryId, Set.of()).remove(TRUSTED_DOMAIN);
    }

    public CreateWorkspacesResponse createWorkspace(String userName, String bundleId) {
        return aws.client(WorkSpacesClient.builder()).createWorkspaces(r -> r.workspaces(w -> w
                .directoryId(directoryId).userName(userName).bundleId(bundleId)));
    }

    public void tagWorkspace(String workspaceId, String key, String value) {
        aws.client(WorkSpacesClient.builder()).createTags(r -> r.resourceId(workspaceId).tags(t -> t.key(key).value(value)));
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

    /** ds-data DescribeUser (POST /Users/DescribeUser?DirectoryId=…, body SAMAccountName, Realm). */
    private StandIn.Reply describeUser(String path, String body) {
        if (!dataApiEnabled) {
            return StandIn.Reply.error(403, "AccessDeniedException",
                    "Directory Service Data is not enabled for this directory", "\"Reason\":\"DATA_DISABLED\"");
        }
        JsonNode request = read(body);
        String user = request.path("SAMAccountName").asText();
        String realm = request.path("Realm").asText(MANAGED_DOMAIN).toLowerCase(java.util.Locale.ROOT);
        if (!usersByRealm.getOrDefault(realm, Set.of()).contains(user)) {
            return StandIn.Reply.error(404, "ResourceNotFoundException", "user not found", null);
        }
        ObjectNode response = JSON.createObjectNode();
        response.put("DirectoryId", path.replaceAll(".*DirectoryId=([^&]+).*", "$1"));
        response.put("Realm", realm);
        response.put("SAMAccountName", user);
        response.put("UserPrincipalName", user + "@" + realm);
        response.put("Enabled", true);
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
