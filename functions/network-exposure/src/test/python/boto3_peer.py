"""G5's boto3 peer: its cold path's AWS calls in plain Python, run by bench/peer.py (which says why)."""


def run(case, aws):
    ec2 = aws.client("ec2")
    group_id = case["securityGroupId"]
    group = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group_id]}])
    controllers = {d["VpcSettings"]["SecurityGroupId"] for d in
                   aws.client("ds").describe_directories()["DirectoryDescriptions"] if "VpcSettings" in d}
    members = {d.get("WorkspaceSecurityGroupId") for d in
               aws.client("workspaces").describe_workspace_directories()["Directories"]}
    exempt = any(t["Key"] == "guardrails:exempt" and t["Value"].lower() == "true" for t in group.get("Tags", []))
    world = [r for r in rules["SecurityGroupRules"] if not r["IsEgress"]
             and (r.get("CidrIpv4") == "0.0.0.0/0" or r.get("CidrIpv6") == "::/0")]
    rdp = [r for r in world if r["IpProtocol"] == "-1" or (r["IpProtocol"] in ("tcp", "udp", "6", "17")
                                                           and r["FromPort"] <= 3389 <= r["ToPort"])]
    before = aws.tracked("G5-network-exposure", [group_id])
    if not exempt and group_id not in controllers and group_id not in members and rdp and not before:
        aws.report_tracked("G5-network-exposure", "RDP_OPEN_TO_WORLD", group_id,
                           f"{len(rdp)} rules open RDP to the world")
