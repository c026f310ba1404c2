"""G4's boto3 peer: its cold path's AWS calls in plain Python, run by bench/peer.py (which says why)."""


def run(case, aws):
    workspaces, ssm = aws.client("workspaces"), aws.client("ssm")
    items = [e for page in ssm.get_paginator("get_inventory").paginate(
        ResultAttributes=[{"TypeName": "Custom:DefenderStatus"}], PaginationConfig={"PageSize": 50})
        for e in page["Entities"]]
    by_name = {w.get("ComputerName"): w for w in workspaces.describe_workspaces()["Workspaces"]}
    levels = aws.remembered([f"state|defender|{item['Id']}" for item in items])
    changed = {}
    for item in items:
        content = item["Data"]["Custom:DefenderStatus"]["Content"][0]
        key = f"state|defender|{item['Id']}"
        level = "CRITICAL" if int(content.get("AntivirusSignatureAge", "0")) > 3 else "OK"
        if level != levels.get(key):
            if level != "OK":
                aws.report("DEFENDER_OUT_OF_DATE", item["Id"], f"{content['AntivirusSignatureAge']} days, {len(by_name)} WorkSpaces")
            changed[key] = level
    aws.remember(changed)
