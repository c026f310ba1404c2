"""The boto3 peers of the guardrails' cold paths: for each function, the same AWS calls a team would make in a plain
Python Lambda (what Cloud Custodian runs on), against the same emulator, started fresh per run like the JVM it is
compared with. The benchmark checks, at the wire, that a peer makes the same calls as the function it stands for.
Usage: python3 bench/peer.py G1|G2|G3|G4|G5|G6 '<json: endpoint, topic, table and the case's ids>'"""
import json
import sys
import time
import uuid

import boto3

guardrail, case = sys.argv[1], json.loads(sys.argv[2])
kw = dict(endpoint_url=case["endpoint"], region_name="us-east-1", aws_access_key_id="testing",
          aws_secret_access_key="testing")
dynamodb = boto3.client("dynamodb", **kw)
sns = boto3.client("sns", **kw)
table, topic_arn = case["table"], case["topic"]


CONSOLE = {"ws-": "workspaces/v2/workspaces?region=us-east-1#/workspaces/{}",
           "subnet-": "vpcconsole/home?region=us-east-1#SubnetDetails:subnetId={}",
           "mi-": "systems-manager/fleet-manager/managed-nodes/{}/general?region=us-east-1",
           "sg-": "ec2/home?region=us-east-1#SecurityGroup:groupId={}"}


def report(rule, resource_id, description, severity="CRITICAL"):
    """Claim (publish-once), publish one message per protocol (Chatbot JSON, email text), mark done: the
    guardrails' reporting end, with the alert shape the stand-in holds every published alert to."""
    key = f"finding|{uuid.uuid4()}|{rule}|{resource_id}"
    now = int(time.time())
    dynamodb.update_item(TableName=table, Key={"pk": {"S": key}},
                         UpdateExpression="SET #s = :c, leaseUntil = :l, expiresAt = :e",
                         ConditionExpression="attribute_not_exists(pk)", ExpressionAttributeNames={"#s": "status"},
                         ExpressionAttributeValues={":c": {"S": "CLAIMED"}, ":l": {"N": str(now + 120)},
                                                    ":e": {"N": str(now + 86400)}}, ReturnValues="ALL_OLD")
    url = next((f"https://us-east-1.console.aws.amazon.com/{path.format(resource_id)}"
                for prefix, path in CONSOLE.items() if resource_id.startswith(prefix)), None)
    fields = {"guardrail": "peer", "rule": rule, "severity": severity, "resourceId": resource_id,
              "seen": description, "whyItMatters": rule, "actionTaken": "None.", "operatorAction": "See the runbook."}
    chatbot = {"version": "1.0", "source": "custom", "id": key,
               "content": {"title": rule, "description": description,
                           "nextSteps": ["See the runbook."]
                           + ([f"{resource_id}: {url}"] if url else [])},
               "metadata": {"additionalContext": fields}}
    email = (f"[{severity}] {rule}\n\nWhat was seen:\n  {description}\n\nWhy it matters:\n  {rule}\n\n"
             f"What was done:\n  None.\n\nWhat to do:\n  See the runbook.\n\nResource: {resource_id}\n"
             + (f"In the console:\n  {resource_id}: {url}\n" if url else "")
             + f"Guardrail: peer, rule {rule}\n")
    sns.publish(TopicArn=topic_arn, Subject=f"[{severity}] {rule}", MessageStructure="json",
                Message=json.dumps({"default": json.dumps(chatbot), "email": email}),
                MessageAttributes={"severity": {"DataType": "String", "StringValue": severity}})
    dynamodb.update_item(TableName=table, Key={"pk": {"S": key}}, UpdateExpression="SET #s = :d",
                         ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":d": {"S": "DONE"}})


def remembered(keys):
    """The guardrails' memory, read in pages of 100 keys."""
    found = {}
    for i in range(0, len(keys), 100):
        request = {table: {"Keys": [{"pk": {"S": k}} for k in keys[i:i + 100]], "ConsistentRead": True}}
        for item in dynamodb.batch_get_item(RequestItems=request)["Responses"].get(table, []):
            found[item["pk"]["S"]] = item["state"]["S"]
    return found


def remember(states):
    """Written in pages of 25 items."""
    items = [{"PutRequest": {"Item": {"pk": {"S": k}, "state": {"S": v}, "recordedAt": {"N": str(int(time.time()))}}}}
             for k, v in states.items()]
    for i in range(0, len(items), 25):
        dynamodb.batch_write_item(RequestItems={table: items[i:i + 25]})


def g1():
    workspaces, ds = boto3.client("workspaces", **kw), boto3.client("ds", **kw)
    ds_data = boto3.client("ds-data", **kw)
    directory_id = case["directoryId"]
    ws = workspaces.describe_workspaces(WorkspaceIds=[case["workspaceId"]])["Workspaces"][0]
    workspaces.describe_workspace_directories(DirectoryIds=[directory_id])
    ds.describe_directories(DirectoryIds=[directory_id])
    ds.describe_trusts(DirectoryId=directory_id)
    bundle = workspaces.describe_workspace_bundles(BundleIds=[ws["BundleId"]])["Bundles"][0]
    ds_data.describe_user(DirectoryId=directory_id, SAMAccountName=ws["UserName"], Realm=case["domain"])
    try:  # found in the trusted realm: the own domain is asked too (a shadow account, or a namesake)
        ds_data.describe_user(DirectoryId=directory_id, SAMAccountName=ws["UserName"])
    except ds_data.exceptions.ResourceNotFoundException:
        pass
    workspaces.describe_workspace_bundles()
    windows = [b["Name"] for b in workspaces.describe_workspace_bundles(Owner="AMAZON")["Bundles"]]
    workspaces.describe_tags(ResourceId=ws["WorkspaceId"])
    report("TRUSTED_USER_ON_NON_WINDOWS_BUNDLE", ws["WorkspaceId"], bundle["Name"] + " / " + ", ".join(windows))
    report("USERS_ON_ONE_WAY_TRUST", ws["WorkspaceId"], ws["UserName"])


def g2():
    workspaces, ds = boto3.client("workspaces", **kw), boto3.client("ds", **kw)
    trust = ds.describe_trusts(TrustIds=[case["trustId"]])["Trusts"][0]
    directory_id = trust["DirectoryId"]
    [d for page in ds.get_paginator("describe_directories").paginate() for d in page["DirectoryDescriptions"]]
    workspaces.describe_workspace_directories()
    ds.list_tags_for_resource(ResourceId=directory_id)
    ds.describe_conditional_forwarders(DirectoryId=directory_id)
    key = f"state|trust|{directory_id}|{trust['RemoteDomainName']}"
    before = remembered([key, f"state|trust-id|{case['trustId']}"])
    users = workspaces.describe_workspaces(DirectoryId=directory_id)["Workspaces"]
    if trust["TrustDirection"] != "Two-Way" and key not in before:
        report("TRUST_NOT_TWO_WAY", case["trustId"], f"{len(users)} WorkSpaces")
    remember({key: trust["TrustDirection"], f"state|trust-id|{case['trustId']}": key})


def g3():
    workspaces, ec2 = boto3.client("workspaces", **kw), boto3.client("ec2", **kw)
    subnets = [s for d in workspaces.describe_workspace_directories()["Directories"] for s in d.get("SubnetIds", [])]
    found = ec2.describe_subnets(Filters=[{"Name": "subnet-id", "Values": subnets}])["Subnets"]
    ec2.describe_subnets(Filters=[{"Name": "tag-key", "Values": ["guardrails:watch-ips"]}])
    histories = remembered([f"state|subnet|{s['SubnetId']}" for s in found])
    for s in found:
        size = 2 ** (32 - int(s["CidrBlock"].split("/")[1])) - 5
        used = 100 * (size - s["AvailableIpAddressCount"]) / size
        if used >= 90:
            report("SUBNET_CAPACITY", s["SubnetId"], f"{s['AvailableIpAddressCount']} free ({used:.0f}% used)")
    remember({f"state|subnet|{s['SubnetId']}": json.dumps([s["AvailableIpAddressCount"],
             histories.get(f"state|subnet|{s['SubnetId']}")]) for s in found})


def g4():
    workspaces, ssm = boto3.client("workspaces", **kw), boto3.client("ssm", **kw)
    items = [e for page in ssm.get_paginator("get_inventory").paginate(
        ResultAttributes=[{"TypeName": "Custom:DefenderStatus"}], PaginationConfig={"PageSize": 50})
        for e in page["Entities"]]
    by_name = {w.get("ComputerName"): w for w in workspaces.describe_workspaces()["Workspaces"]}
    levels = remembered([f"state|defender|{item['Id']}" for item in items])
    changed = {}
    for item in items:
        content = item["Data"]["Custom:DefenderStatus"]["Content"][0]
        key = f"state|defender|{item['Id']}"
        level = "CRITICAL" if int(content.get("AntivirusSignatureAge", "0")) > 3 else "OK"
        if level != levels.get(key):
            if level != "OK":
                report("DEFENDER_OUT_OF_DATE", item["Id"], f"{content['AntivirusSignatureAge']} days, {len(by_name)} WorkSpaces")
            changed[key] = level
    remember(changed)


def g5():
    ec2 = boto3.client("ec2", **kw)
    group_id = case["securityGroupId"]
    group = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group_id]}])
    controllers = {d["VpcSettings"]["SecurityGroupId"] for d in
                   boto3.client("ds", **kw).describe_directories()["DirectoryDescriptions"] if "VpcSettings" in d}
    members = {d.get("WorkspaceSecurityGroupId") for d in
               boto3.client("workspaces", **kw).describe_workspace_directories()["Directories"]}
    exempt = any(t["Key"] == "guardrails:exempt" and t["Value"].lower() == "true" for t in group.get("Tags", []))
    world = [r for r in rules["SecurityGroupRules"] if not r["IsEgress"]
             and (r.get("CidrIpv4") == "0.0.0.0/0" or r.get("CidrIpv6") == "::/0")]
    rdp = [r for r in world if r["IpProtocol"] == "-1" or (r["IpProtocol"] in ("tcp", "udp", "6", "17")
                                                           and r["FromPort"] <= 3389 <= r["ToPort"])]
    key = f"state|exposure|{group_id}"
    before = remembered([key])
    if not exempt and group_id not in controllers and group_id not in members and rdp:
        now = " ".join(sorted(r["SecurityGroupRuleId"] for r in rdp))
        if now != before.get(key):
            report("RDP_OPEN_TO_WORLD", group_id, f"{len(rdp)} rules open RDP to the world")
            remember({key: now})


def g6():
    elb = boto3.client("elbv2", **kw)
    arn = case["targetGroupArn"]
    group = elb.describe_target_groups(TargetGroupArns=[arn])["TargetGroups"][0]
    attributes = {a["Key"]: a["Value"] for a in
                  elb.describe_target_group_attributes(TargetGroupArn=arn)["Attributes"]}
    key = f"state|stickiness|{arn}"
    before = remembered([key])
    level = "OK" if attributes.get("stickiness.enabled") == "true" or group["Port"] != 3389 else "NOT_STICKY"
    if level != before.get(key):
        exempt = any(t["Key"] == "guardrails:exempt" and t["Value"].lower() == "true"
                     for d in elb.describe_tags(ResourceArns=[arn])["TagDescriptions"] for t in d["Tags"])
        if not exempt:
            targets = elb.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
            if level != "OK":
                report("RDP_TARGET_GROUP_NOT_STICKY", arn, f"{len(targets)} targets", "WARNING")
            remember({key: level})


{"G1": g1, "G2": g2, "G3": g3, "G4": g4, "G5": g5, "G6": g6}[guardrail]()
