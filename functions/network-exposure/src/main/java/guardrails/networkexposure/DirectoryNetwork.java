package guardrails.networkexposure;

import java.util.List;

/**
 * What a directory's controllers must stay reachable from: its VPC's ranges (EC2 DescribeVpcs, associated blocks
 * only) and the domains it trusts (Directory Service DescribeTrusts), whose networks only the operator knows.
 *
 * @param trusts the trusted domains, e.g. "corp.example.com (Two-Way)"
 */
public record DirectoryNetwork(String directoryId, List<String> vpcCidrs, List<String> trusts) {

    public DirectoryNetwork {
        vpcCidrs = List.copyOf(vpcCidrs);
        trusts = List.copyOf(trusts);
    }
}
