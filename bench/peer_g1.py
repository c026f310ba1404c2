"""The boto3 peer of G1's cold path: the same AWS calls a team would make in a plain Python Lambda (and what
Cloud Custodian runs on), against the same emulator. Started fresh per run, like the JVM it is compared with.
Usage: python3 bench/peer_g1.py ENDPOINT DIRECTORY_ID WORKSPACE_ID BUNDLE_ID TRUSTED_DOMAIN TOPIC_ARN TABLE"""
import json
import sys
import time
import uuid

import boto3

endpoint, directory_id, workspace_id, bundle_id, domain, topic_arn, table = sys.argv[1:8]
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing",
          aws_secret_access_key="testing")
workspaces = boto3.client("workspaces", **kw)
ds = boto3.client("ds", **kw)
ds_data = boto3.client("ds-data", **kw)
sns = boto3.client("sns", **kw)
dynamodb = boto3.client("dynamodb", **kw)

ws = workspaces.describe_workspaces(WorkspaceIds=[workspace_id])["Workspaces"][0]
workspaces.describe_workspace_directories(DirectoryIds=[directory_id])
ds.describe_directories(DirectoryIds=[directory_id])
ds.describe_trusts(DirectoryId=directory_id)
bundle = workspaces.describe_workspace_bundles(BundleIds=[bundle_id])["Bundles"][0]
user = ds_data.describe_user(DirectoryId=directory_id, SAMAccountName=ws["UserName"], Realm=domain)
windows = workspaces.describe_workspace_bundles(Owner="AMAZON")["Bundles"]
for rule in ("TRUSTED_USER_ON_NON_WINDOWS_BUNDLE", "USERS_ON_ONE_WAY_TRUST"):
    key = f"finding|{uuid.uuid4()}|{rule}|{workspace_id}"
    now = int(time.time())
    dynamodb.put_item(TableName=table, Item={"pk": {"S": key}, "status": {"S": "CLAIMED"},
                      "leaseUntil": {"N": str(now + 120)}, "expiresAt": {"N": str(now + 86400)}},
                      ConditionExpression="attribute_not_exists(pk)")
    sns.publish(TopicArn=topic_arn, Subject=f"[CRITICAL] {rule}", Message=json.dumps(
        {"version": "1.0", "source": "custom", "content": {"title": rule, "description": bundle["Name"]}}),
        MessageAttributes={"severity": {"DataType": "String", "StringValue": "CRITICAL"}})
    dynamodb.update_item(TableName=table, Key={"pk": {"S": key}}, UpdateExpression="SET #s = :d",
                         ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":d": {"S": "DONE"}})
