"""G1's boto3 peer: its cold path's AWS calls in plain Python, run by bench/peer.py (which says why)."""


def run(case, aws):
    workspaces, ds = aws.client("workspaces"), aws.client("ds")
    ds_data = aws.client("ds-data")
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
    aws.tracked("G1-workspace-creation", [ws["WorkspaceId"]])
    aws.report_tracked("G1-workspace-creation", "TRUSTED_USER_ON_NON_WINDOWS_BUNDLE", ws["WorkspaceId"],
                       bundle["Name"] + " / " + ", ".join(windows))
    aws.report("USERS_ON_ONE_WAY_TRUST", ws["WorkspaceId"], ws["UserName"])
