"""G6's boto3 peer: its cold path's AWS calls in plain Python, run by bench/peer.py (which says why)."""


def run(case, aws):
    elb = aws.client("elbv2")
    arn = case["targetGroupArn"]
    group = elb.describe_target_groups(TargetGroupArns=[arn])["TargetGroups"][0]
    attributes = {a["Key"]: a["Value"] for a in
                  elb.describe_target_group_attributes(TargetGroupArn=arn)["Attributes"]}
    key = f"state|stickiness|{arn}"
    before = aws.remembered([key])
    level = "OK" if attributes.get("stickiness.enabled") == "true" or group["Port"] != 3389 else "NOT_STICKY"
    if level != before.get(key):
        exempt = any(t["Key"] == "guardrails:exempt" and t["Value"].lower() == "true"
                     for d in elb.describe_tags(ResourceArns=[arn])["TagDescriptions"] for t in d["Tags"])
        if not exempt:
            targets = elb.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
            if level != "OK":
                aws.report("RDP_TARGET_GROUP_NOT_STICKY", arn, f"{len(targets)} targets", "WARNING")
            aws.remember({key: level})
