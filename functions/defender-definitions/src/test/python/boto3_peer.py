"""G4's boto3 peer, for the bench (bench/peer.py runs it): the AWS calls this guardrail's cold path makes, as a
team would make them in a plain Python Lambda, so the JVM's cold start is compared with the same work. The bench
checks at the wire that the calls are the function's own."""

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
