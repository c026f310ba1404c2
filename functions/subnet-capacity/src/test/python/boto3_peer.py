"""G3's boto3 peer: its cold path's AWS calls in plain Python, run by bench/peer.py (which says why)."""
import json


def run(case, aws):
    workspaces, ec2 = aws.client("workspaces"), aws.client("ec2")
    subnets = [s for d in workspaces.describe_workspace_directories()["Directories"] for s in d.get("SubnetIds", [])]
    found = ec2.describe_subnets(Filters=[{"Name": "subnet-id", "Values": subnets}])["Subnets"]
    ec2.describe_subnets(Filters=[{"Name": "tag-key", "Values": ["guardrails:watch-ips"]}])
    histories = aws.remembered([f"state|subnet|{s['SubnetId']}" for s in found])
    aws.tracked("G3-subnet-capacity", [s["SubnetId"] for s in found])
    for s in found:
        size = 2 ** (32 - int(s["CidrBlock"].split("/")[1])) - 5
        used = 100 * (size - s["AvailableIpAddressCount"]) / size
        if used >= 90:
            aws.report_tracked("G3-subnet-capacity", "SUBNET_CAPACITY", s["SubnetId"],
                               f"{s['AvailableIpAddressCount']} free ({used:.0f}% used)")
    aws.remember({f"state|subnet|{s['SubnetId']}": json.dumps([s["AvailableIpAddressCount"],
                  histories.get(f"state|subnet|{s['SubnetId']}")]) for s in found})
