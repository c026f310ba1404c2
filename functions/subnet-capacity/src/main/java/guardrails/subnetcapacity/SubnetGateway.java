package guardrails.subnetcapacity;

import java.util.List;
import java.util.Map;

/** Every AWS call G3 makes: discovery and capacity, paged and batched. */
public interface SubnetGateway {

    /** DescribeWorkspaceDirectories, paged: each registered directory's subnets. */
    Map<String, List<String>> directorySubnets();

    /** DescribeSubnets by id, 200 ids a call. */
    List<SubnetCapacity> describeSubnets(List<String> subnetIds);

    /** DescribeSubnets filtered on the tag key guardrails:watch-ips, paged. */
    List<SubnetCapacity> taggedSubnets();
}
