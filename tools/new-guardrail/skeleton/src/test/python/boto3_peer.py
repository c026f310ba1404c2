"""__NUMBER__'s boto3 peer, for the bench (bench/peer.py runs it): the AWS calls this guardrail's cold path makes, as a
team would make them in a plain Python Lambda, so the JVM's cold start is compared with the same work. The bench
checks at the wire that the calls are the function's own."""


def run(case, aws):
    workspaces = aws.client("workspaces")
    for page in workspaces.get_paginator("describe_workspace_directories").paginate():
        for directory in page["Directories"]:
            if directory["State"] != "REGISTERED":
                aws.report("DIRECTORY_NOT_REGISTERED", directory["DirectoryId"], directory["State"], "WARNING")
