#!/usr/bin/env python3
"""Packages WorkSpaces Guardrails for CloudFormation StackSets with service-managed permissions.

StackSets refuse templates with transforms, and Lambda takes code only from a bucket of the Region the function
runs in. So this expands template.yaml with AWS's own SAM translator (aws-sam-translator, installed with cfn-lint),
points every function's code at the bucket of the Region the stack instance runs in (<bucket-prefix>-<Region>,
filled in by CloudFormation, not by us), and puts each built jar under a key named by its content, so a StackSet
update with new code updates the functions and publishes their new versions.

    python3 tools/stackset.py --bucket-prefix acme-guardrails-code --regions eu-west-1,us-east-1 \\
        [--organization-id o-...] [--upload] [--jars DIR] [--out build/stackset]

Writes <out>/workspaces-guardrails.json (the StackSet's template) and <out>/central-alerts.yaml (the alerting
account's stack), checks both with cfn-lint, and prints what to upload where. With --upload it uploads them itself
(boto3; AWS_ENDPOINT_URL is honoured), creating a missing bucket with its public access blocked and, given
--organization-id, readable by the organization's accounts only (their CloudFormation creates the functions).
"""
import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATE_NAME = "workspaces-guardrails.json"
CENTRAL_TEMPLATE = "central-alerts.yaml"
KEY_PREFIX = "workspaces-guardrails"
# The Region the translator is told it runs in. It writes that Region (and its partition) into what it resolves;
# we replace those by CloudFormation's pseudo parameters and then check that no trace of it is left.
TRANSLATION_REGION = "us-east-1"
# S3 bucket names: 3-63 lowercase letters, digits, dots and hyphens (the Region's name is appended).
BUCKET_PREFIX = re.compile(r"^[a-z0-9][a-z0-9.-]{1,40}[a-z0-9]$")
REGION = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$")
ORGANIZATION_ID = re.compile(r"^o-[a-z0-9]{10,32}$")


class PackagingError(Exception):
    pass


def function_modules(root=ROOT):
    """Each function's Maven module, as the Makefile that `sam build` runs names it: {LogicalId: module}."""
    modules = {}
    with open(os.path.join(root, "Makefile")) as makefile:
        target = None
        for line in makefile:
            match = re.match(r"^build-(\w+):", line)
            if match:
                target = match.group(1)
                continue
            match = re.search(r"build-function (\S+)", line)
            if target and match:
                modules[target] = match.group(1)
                target = None
    return modules


def built_jar(module, jars_dir):
    """The one deployable jar of a module (functions/<module>/target/<module>-<version>-lambda.jar)."""
    folder = jars_dir or os.path.join(ROOT, "functions", module, "target")
    found = glob.glob(os.path.join(folder, f"{module}-*-lambda.jar"))
    if len(found) != 1:
        raise PackagingError(f"expected one built jar of {module} in {folder}, found {found or 'none'}: build the "
                             "functions first (./guardrails package does)")
    return found[0]


def code_key(module, jar):
    with open(jar, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    return f"{KEY_PREFIX}/{module}-{digest[:16]}.jar"


def expand(template_path, code_keys, bucket_prefix):
    """template.yaml with the SAM transform applied and code in the stack's own Region's bucket."""
    from cfnlint.decode import decode
    from samtranslator.parser import parser
    from samtranslator.translator.translator import Translator

    template, problems = decode(template_path)
    if problems:
        raise PackagingError(f"{template_path} does not parse: {problems}")
    template = json.loads(json.dumps(template))  # plain dicts and lists for the translator
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] == "AWS::Serverless::Function":
            if logical_id not in code_keys:
                raise PackagingError(f"{logical_id} has no build target in the Makefile")
            # Location objects only: the translator would otherwise ask for a local build.
            resource["Properties"]["CodeUri"] = {"Bucket": "placeholder", "Key": code_keys[logical_id]}
            resource.pop("Metadata", None)  # sam build's instructions, nothing CloudFormation reads
    os.environ["AWS_DEFAULT_REGION"] = TRANSLATION_REGION
    expanded = Translator(managed_policy_map={}, sam_parser=parser.Parser()).translate(
        sam_template=template, parameter_values={}, passthrough_metadata=True)

    bucket = {"Fn::Sub": bucket_prefix + "-${AWS::Region}"}
    for resource in expanded["Resources"].values():
        properties = resource.get("Properties", {})
        if resource["Type"] == "AWS::Lambda::Function":
            properties["Code"]["S3Bucket"] = bucket
        if resource["Type"] == "AWS::IAM::Role":
            # The translator writes the aws partition into AWS managed policies' ARNs; GovCloud and China differ.
            properties["ManagedPolicyArns"] = [
                {"Fn::Sub": arn.replace("arn:aws:", "arn:${AWS::Partition}:", 1)}
                if isinstance(arn, str) and arn.startswith("arn:aws:") else arn
                for arn in properties.get("ManagedPolicyArns", [])]
    text = json.dumps(expanded)
    for trace in (TRANSLATION_REGION, '"arn:aws:'):
        if trace in text:
            raise PackagingError(f"the expanded template still holds {trace}; it would not follow the Region of"
                                 " each stack instance")
    return expanded


def lint(path):
    result = subprocess.run(["cfn-lint", path], capture_output=True, text=True)
    if result.returncode != 0:
        raise PackagingError(f"cfn-lint {path}:\n{result.stdout}{result.stderr}")


def bucket_policy(bucket, organization_id):
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "OrganizationReadsGuardrailsCode",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{bucket}/{KEY_PREFIX}/*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": organization_id}},
        }],
    })


def upload(uploads, template_upload, regions, bucket_prefix, organization_id):
    import boto3
    from botocore.exceptions import ClientError

    for region in regions:
        s3 = boto3.client("s3", region_name=region)
        bucket = f"{bucket_prefix}-{region}"
        try:
            s3.head_bucket(Bucket=bucket)
        except ClientError as e:
            if e.response["Error"]["Code"] not in ("404", "NoSuchBucket"):
                raise
            create = {"Bucket": bucket}
            if region != "us-east-1":  # us-east-1 refuses its own name as a location constraint
                create["CreateBucketConfiguration"] = {"LocationConstraint": region}
            s3.create_bucket(**create)
            s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
                "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True})
            if organization_id:
                s3.put_bucket_policy(Bucket=bucket, Policy=bucket_policy(bucket, organization_id))
            print(f"created s3://{bucket}")
        # The code in every Region; the template once, where the StackSet is created from (the first Region).
        for path, key in uploads + ([template_upload] if region == regions[0] else []):
            s3.upload_file(path, bucket, key)
            print(f"uploaded s3://{bucket}/{key}")


def main(argv=None):
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--bucket-prefix", required=True, help="code buckets are <prefix>-<Region>")
    args.add_argument("--regions", required=True, help="comma-separated Regions the StackSet deploys to")
    args.add_argument("--organization-id", help="o-...: the organization whose accounts may read the code")
    args.add_argument("--upload", action="store_true", help="upload (and create missing buckets) with boto3")
    args.add_argument("--jars", default=os.environ.get("GUARDRAILS_JARS") or None,
                      help="folder of the built <module>-*-lambda.jar files (default: $GUARDRAILS_JARS, else each"
                           " module's target folder)")
    args.add_argument("--out", default=os.path.join(ROOT, "build", "stackset"))
    options = args.parse_args(argv)

    regions = [r.strip() for r in options.regions.split(",") if r.strip()]
    problems = []
    if not BUCKET_PREFIX.match(options.bucket_prefix) or ".." in options.bucket_prefix:
        problems.append(f"--bucket-prefix {options.bucket_prefix!r}: lowercase letters, digits, dots and hyphens,"
                        " 3-42 characters (the Region is appended to make each bucket's name)")
    problems += [f"--regions: {r!r} is not a Region's name" for r in regions if not REGION.match(r)]
    if not regions:
        problems.append("--regions: name at least one Region")
    if options.organization_id and not ORGANIZATION_ID.match(options.organization_id):
        problems.append(f"--organization-id {options.organization_id!r} is not an organization's id (o-...)")
    if problems:
        raise PackagingError("; ".join(problems))

    modules = function_modules()
    uploads, keys = [], {}
    for logical_id, module in sorted(modules.items()):
        jar = built_jar(module, options.jars)
        keys[logical_id] = code_key(module, jar)
        uploads.append((jar, keys[logical_id]))
    expanded = expand(os.path.join(ROOT, "template.yaml"), keys, options.bucket_prefix)

    os.makedirs(options.out, exist_ok=True)
    template_path = os.path.join(options.out, TEMPLATE_NAME)
    with open(template_path, "w") as f:
        json.dump(expanded, f, indent=1, sort_keys=False)
        f.write("\n")
    central_path = os.path.join(options.out, CENTRAL_TEMPLATE)
    shutil.copyfile(os.path.join(ROOT, CENTRAL_TEMPLATE), central_path)
    lint(template_path)
    lint(central_path)
    with open(template_path, "rb") as f:
        template_key = f"{KEY_PREFIX}/template-{hashlib.sha256(f.read()).hexdigest()[:16]}.json"
    template_upload = (template_path, template_key)

    if options.upload:
        upload(uploads, template_upload, regions, options.bucket_prefix, options.organization_id)
    else:
        print("# Upload the code to each Region's bucket (each must exist, readable by the organization):")
        for region in regions:
            for path, key in uploads + ([template_upload] if region == regions[0] else []):
                print(f"aws s3 cp {os.path.relpath(path)} s3://{options.bucket_prefix}-{region}/{key}"
                      f" --region {region}")
    print(f"wrote {os.path.relpath(template_path)} and {os.path.relpath(central_path)} (cfn-lint clean)")
    template_url = f"https://{options.bucket_prefix}-{regions[0]}.s3.{regions[0]}.amazonaws.com/{template_key}"
    with open(os.path.join(options.out, "template-url.txt"), "w") as f:
        f.write(template_url + "\n")
    print(f"the StackSet's template: {template_url} (also in {os.path.relpath(options.out)}/template-url.txt)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except PackagingError as e:
        print(f"stackset: {e}", file=sys.stderr)
        sys.exit(2)
