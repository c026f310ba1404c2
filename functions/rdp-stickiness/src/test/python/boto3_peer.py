"""G6's boto3 peer: its cold path's AWS calls in plain Python, run by bench/peer.py (which says why)."""


def run(case, aws):
    elb = aws.client("elbv2")
    arn = case["targetGroupArn"]
    group = elb.describe_target_groups(TargetGroupArns=[arn])["TargetGroups"][0]
    attributes = {a["Key"]: a["Value"] for a in
                  elb.describe_target_group_attributes(TargetGroupArn=arn)["Attributes"]}
    before = aws.tracked("G6-rdp-stickiness", [arn])
    sticky = attributes.get("stickiness.enabled") == "true" or group["Port"] != 3389
    exempt = any(t["Key"] == "guardrails:exempt" and t["Value"].lower() == "true"
                 for d in elb.describe_tags(ResourceArns=[arn])["TagDescriptions"] for t in d["Tags"])
    if not sticky and not exempt and not before:
        targets = elb.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
        aws.report_tracked("G6-rdp-stickiness", "RDP_TARGET_GROUP_NOT_STICKY", arn, f"{len(targets)} targets",
                           "WARNING")
