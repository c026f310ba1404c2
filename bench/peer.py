"""The boto3 peers of the guardrails' cold paths: for each function, the same AWS calls a team would make in a plain
Python Lambda (what Cloud Custodian runs on), against the same emulator, started fresh per run like the JVM it is
compared with. The benchmark checks, at the wire, that a peer makes the same calls as the function it stands for.
Each guardrail's peer is in its module (functions/<module>/src/test/python/boto3_peer.py, a run(case, aws) function);
this file is what they share: the clients, and the reporting and remembering every guardrail does alike.
Usage: python3 bench/peer.py <module> '<json: endpoint, topic, table and the case's ids>'"""
import importlib.util
import json
import os
import sys
import time
import types
import uuid

import boto3

module, case = sys.argv[1], json.loads(sys.argv[2])
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


def remembered(keys, attribute="state"):
    """The guardrails' memory, read in pages of 100 keys."""
    found = {}
    for i in range(0, len(keys), 100):
        request = {table: {"Keys": [{"pk": {"S": k}} for k in keys[i:i + 100]], "ConsistentRead": True}}
        for item in dynamodb.batch_get_item(RequestItems=request)["Responses"].get(table, []):
            if attribute in item:
                found[item["pk"]["S"]] = item[attribute]["S"]
    return found


def remember(states):
    """Written in pages of 25 items."""
    items = [{"PutRequest": {"Item": {"pk": {"S": k}, "state": {"S": v}, "recordedAt": {"N": str(int(time.time()))}}}}
             for k, v in states.items()]
    for i in range(0, len(items), 25):
        dynamodb.batch_write_item(RequestItems={table: items[i:i + 25]})


def tracked(guardrail, resource_ids):
    """The lifecycle's records of these resources, read before they are judged (pages of 100 keys)."""
    return remembered([f"lifecycle|{guardrail}|{r}" for r in resource_ids], attribute="record")


def report_tracked(guardrail, rule, resource_id, description, severity="CRITICAL"):
    """A finding the lifecycle tracks: its resource's record written with the message, the message delivered (as
    report does), the record written again without it, each write conditional on the version before."""
    key = {"pk": {"S": f"lifecycle|{guardrail}|{resource_id}"}}
    expires = {"N": str(int(time.time()) + 90 * 86400)}
    for version, condition, record in ((1, "attribute_not_exists(pk)", {"rules": {rule: "OPEN"}, "pending": [rule]}),
                                       (2, "version = :expected", {"rules": {rule: "OPEN"}, "pending": []})):
        values = {":record": {"S": json.dumps(record)}, ":version": {"N": str(version)}, ":expires": expires}
        if version > 1:
            values[":expected"] = {"N": str(version - 1)}
        dynamodb.update_item(TableName=table, Key=key, ConditionExpression=condition,
                             UpdateExpression="SET #record = :record, version = :version, expiresAt = :expires",
                             ExpressionAttributeNames={"#record": "record"}, ExpressionAttributeValues=values)
        if version == 1:
            report(rule, resource_id, description, severity)


def client(service):
    return boto3.client(service, **kw)


path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "functions", module, "src", "test", "python",
                    "boto3_peer.py")
spec = importlib.util.spec_from_file_location(f"{module.replace('-', '_')}_peer", path)
peer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peer)
peer.run(case, types.SimpleNamespace(client=client, report=report, remembered=remembered, remember=remember,
                                     tracked=tracked, report_tracked=report_tracked))
