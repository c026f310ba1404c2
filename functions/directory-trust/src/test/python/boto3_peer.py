"""G2's boto3 peer: its cold path's AWS calls in plain Python, run by bench/peer.py (which says why)."""


def run(case, aws):
    workspaces, ds = aws.client("workspaces"), aws.client("ds")
    trust = ds.describe_trusts(TrustIds=[case["trustId"]])["Trusts"][0]
    directory_id = trust["DirectoryId"]
    [d for page in ds.get_paginator("describe_directories").paginate() for d in page["DirectoryDescriptions"]]
    workspaces.describe_workspace_directories()
    ds.list_tags_for_resource(ResourceId=directory_id)
    ds.describe_conditional_forwarders(DirectoryId=directory_id)
    key = f"state|trust|{directory_id}|{trust['RemoteDomainName']}"
    before = aws.remembered([key, f"state|trust-id|{case['trustId']}"])
    users = workspaces.describe_workspaces(DirectoryId=directory_id)["Workspaces"]
    if trust["TrustDirection"] != "Two-Way" and key not in before:
        aws.report("TRUST_NOT_TWO_WAY", case["trustId"], f"{len(users)} WorkSpaces")
    aws.remember({key: trust["TrustDirection"], f"state|trust-id|{case['trustId']}": key})
