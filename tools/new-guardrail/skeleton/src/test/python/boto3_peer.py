"""__NUMBER__'s boto3 peer: its cold path's AWS calls in plain Python, run by bench/peer.py (which says why)."""


def run(case, aws):
    workspaces = aws.client("workspaces")
    for page in workspaces.get_paginator("describe_workspace_directories").paginate():
        for directory in page["Directories"]:
            if directory["State"] != "REGISTERED":
                aws.report("DIRECTORY_NOT_REGISTERED", directory["DirectoryId"], directory["State"], "WARNING")
