package guardrails.subnetcapacity;

import guardrails.shared.priming.Priming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/** G3's AWS calls. A sweep costs pages of directories plus pages of subnets, never a call per subnet. */
public final class AwsSubnetGateway implements SubnetGateway {

    /** The IAM actions this gateway calls; a test holds them against the function's policy in template.yaml. */
    public static final List<String> IAM_ACTIONS =
            List.of("workspaces:DescribeWorkspaceDirectories", "ec2:DescribeSubnets");

    /** The tag that puts any subnet under watch. */
    public static final String WATCH_TAG = "guardrails:watch-ips";

    /** EC2 filters take at most 200 values; ids are sent in chunks of that size. */
    static final int SUBNET_BATCH = 200;

    private final WorkSpacesClient workspaces;
    private final Ec2Client ec2;

    public AwsSubnetGateway(WorkSpacesClient workspaces, Ec2Client ec2) {
        this.workspaces = workspaces;
        this.ec2 = ec2;
    }

    /**
     * SnapStart priming: every call this gateway makes, on clients that send nothing ({@link Priming#offline}), so a
     * restored function's first event finds their marshalling loaded and compiled.
     */
    public static Runnable[] primingCalls(String region) {
        var gateway = new AwsSubnetGateway(Priming.offline(WorkSpacesClient.builder(), region),
                Priming.offline(Ec2Client.builder(), region));
        return new Runnable[] {
            gateway::directorySubnets,
            () -> gateway.describeSubnets(List.of("subnet-00000000")),
            gateway::taggedSubnets,
        };
    }

    @Override
    public Map<String, List<String>> directorySubnets() {
        Map<String, List<String>> subnets = new LinkedHashMap<>();
        workspaces.describeWorkspaceDirectoriesPaginator(r -> { }).directories()
                .forEach(d -> subnets.put(d.directoryId(), d.subnetIds()));
        return subnets;
    }

    @Override
    public List<SubnetCapacity> describeSubnets(List<String> subnetIds) {
        List<String> distinct = subnetIds.stream().distinct().toList();
        List<SubnetCapacity> result = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i += SUBNET_BATCH) {
            List<String> batch = distinct.subList(i, Math.min(i + SUBNET_BATCH, distinct.size()));
            ec2.describeSubnetsPaginator(r -> r.filters(Filter.builder().name("subnet-id").values(batch).build())).subnets()
                    .forEach(s -> result.add(capacity(s)));
        }
        return result;
    }

    @Override
    public List<SubnetCapacity> taggedSubnets() {
        return ec2.describeSubnetsPaginator(r -> r.filters(Filter.builder().name("tag-key").values(WATCH_TAG).build())).subnets()
                .stream().map(AwsSubnetGateway::capacity).toList();
    }

    private static SubnetCapacity capacity(Subnet subnet) {
        return new SubnetCapacity(subnet.subnetId(), subnet.cidrBlock(), subnet.availableIpAddressCount());
    }
}
