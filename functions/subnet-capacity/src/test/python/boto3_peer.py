"""G3's boto3 peer, for the bench (bench/peer.py runs it): the AWS calls this guardrail's cold path makes, as a
team would make them in a plain Python Lambda, so the JVM's cold start is compared with the same work. The bench
checks at the wire that the calls are the function's own."""
import json


def run(case, aws):
    workspaces, ec2 = aws.client("workspaces"), aws.client("ec2")
    subnets = [s for d in workspaces.describe_workspace_directories()["Directories"] for s in d.get("SubnetIds", [])]
    found = ec2.describe_subnets(Filters=[{"Name": "subnet-id", "Values": subnets}])["Subnets"]
    ec2.describe_subnets(Filters=[{"Name": "tag-key", "Values": ["guardrails:watch-ips"]}])
    histories = aws.remembered([f"state|subnet|{s['SubnetId']}" for s in found])
    for s in found:
        size = 2 ** (32 - int(s["CidrBlock"].split("/")[1])) - 5
        used = 100 * (size - s["AvailableIpAddressCount"]) / size
        if used >= 90:
            aws.report("SUBNET_CAPACITY", s["SubnetId"], f"{s['AvailableIpAddressCount']} free ({used:.0f}% used)")
    aws.remember({f"state|subnet|{s['SubnetId']}": json.dumps([s["AvailableIpAddressCount"],
                  histories.get(f"state|subnet|{s['SubnetId']}")]) for s in found})
