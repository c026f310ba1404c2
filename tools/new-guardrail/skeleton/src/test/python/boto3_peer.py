"""__NUMBER__'s boto3 peer: its cold path's AWS calls in plain Python, run by bench/peer.py (which says why)."""


def run(case, aws):
    workspaces = aws.client("workspaces")
    directories = [d for page in workspaces.get_paginator("describe_workspace_directories").paginate()
                   for d in page["Directories"]]
    aws.tracked("__KEY__", [d["DirectoryId"] for d in directories])
    for directory in directories:
        if directory["State"] != "REGISTERED":
            aws.report_tracked("__KEY__", "DIRECTORY_NOT_REGISTERED", directory["DirectoryId"], directory["State"],
                               "WARNING")
