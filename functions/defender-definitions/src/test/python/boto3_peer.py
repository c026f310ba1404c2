"""G4's boto3 peer: its cold path's AWS calls in plain Python, run by bench/peer.py (which says why)."""


def run(case, aws):
    workspaces, ssm = aws.client("workspaces"), aws.client("ssm")
    items = [e for page in ssm.get_paginator("get_inventory").paginate(
        ResultAttributes=[{"TypeName": "Custom:DefenderStatus"}], PaginationConfig={"PageSize": 50})
        for e in page["Entities"]]
    by_name = {w.get("ComputerName"): w for w in workspaces.describe_workspaces()["Workspaces"]}
    levels = aws.remembered([f"state|defender|{item['Id']}" for item in items])
    changed, stale = {}, []
    for item in items:
        content = item["Data"]["Custom:DefenderStatus"]["Content"][0]
        key = f"state|defender|{item['Id']}"
        level = "CRITICAL" if int(content.get("AntivirusSignatureAge", "0")) > 3 else "OK"
        if level != levels.get(key):
            if level != "OK":
                stale.append((item["Id"], f"{content['AntivirusSignatureAge']} days, {len(by_name)} WorkSpaces"))
            changed[key] = level
    if stale:  # what an update would send: the pinned version of its own document, checked unchanged
        ssm.describe_document(Name=case["updateDocument"], DocumentVersion="1")
        ssm.get_document(Name=case["updateDocument"], DocumentVersion="1")
        ssm.describe_document(Name=case["updateDocument"], DocumentVersion="1")
    aws.remember(changed)
    aws.tracked("G4-defender-definitions", [item["Id"] for item in items])
    for node, description in stale:
        aws.report_tracked("G4-defender-definitions", "DEFENDER_OUT_OF_DATE", node, description)
