#!/usr/bin/env python3
"""Packages WorkSpaces Guardrails for CloudFormation StackSets with service-managed permissions.

StackSets refuse templates with transforms, and Lambda takes code only from a bucket of the Region the function
runs in. So this expands template.yaml with AWS's own SAM translator (aws-sam-translator, installed with cfn-lint),
points every function's code at the bucket of the Region the stack instance runs in (<bucket-prefix>-<account>-
<Region>, the Region filled in by CloudFormation, not by us), and puts each built jar under a key named by its
content, so a StackSet update with new code updates the functions and publishes their new versions.

    python3 tools/stackset.py --bucket-prefix acme-guardrails-code --regions eu-west-1,us-east-1 \\
        [--organization-id o-...] (--upload | --bucket-owner ACCOUNT) [--jars DIR] [--out build/stackset]

Writes <out>/workspaces-guardrails.json (the StackSet's template) and <out>/central-alerts.yaml (the alerting
account's stack), checks both with cfn-lint, and prints what to upload where. With --upload it uploads them itself
(boto3; AWS_ENDPOINT_URL is honoured) to the caller's own buckets only (ExpectedBucketOwner on every call), creating
a missing bucket versioned, with its public access blocked and, given --organization-id, readable by the
organization's accounts only (their CloudFormation creates the functions); the template URL pins the uploaded
template's version.

template.yaml says each guardrail's shared resources once, in Fn::ForEach loops (the AWS::LanguageExtensions
transform). That transform is a macro hosted by CloudFormation, and StackSets with service-managed permissions take
no template that references a macro ("Overview of CloudFormation macros",
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-macros-overview.html). So the package holds
no transform: this expands those loops first, as CloudFormation does (expand_language_extensions), then applies the
SAM transform to the result.
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
# S3 bucket names: 3-63 lowercase letters, digits, dots and hyphens; the owner's account id and the Region's name
# are appended (<prefix>-<account>-<Region>), so nobody else can hold the name a stack instance fetches code from
# unless they guess it first, and the upload refuses a bucket that is not the account's (ExpectedBucketOwner).
BUCKET_PREFIX = re.compile(r"^[a-z0-9][a-z0-9.-]{1,30}[a-z0-9]$")
ACCOUNT_ID = re.compile(r"^[0-9]{12}$")
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


def bucket_name(bucket_prefix, owner, region):
    return f"{bucket_prefix}-{owner}-{region}"


LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions"
FOR_EACH = re.compile(r"^Fn::ForEach::[A-Za-z0-9]+$")
# The sections Fn::ForEach may stand in ("Conditions, Outputs, and Resources"); this template uses it at their top
# level only, and this expansion refuses it anywhere else rather than guess.
FOR_EACH_SECTIONS = ("Conditions", "Outputs", "Resources")


def expand_language_extensions(template):
    """The template as the AWS::LanguageExtensions transform leaves it, for the parts of it template.yaml uses.

    Fn::ForEach (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html):
    ["Identifier", [collection], {"OutputKey": OutputValue, ...}] gives, for each value of the collection, the
    fragment with every ${Identifier} and &{Identifier} in its keys and values replaced by the value (&{} drops the
    value's non-alphanumeric characters) and {"Ref": "Identifier"} replaced by the value; each OutputKey must hold
    the identifier. Then the functions the transform resolves, where the loops use them: Fn::FindInMap with literal
    keys becomes its value (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-findinmap-enhancements.html),
    and a Fn::Sub left with no variable becomes its string (as the page's examples show the transformed template),
    which lets a loop's Ref or Fn::GetAtt name a resource by the identifier. Any other form raises PackagingError.
    """
    transforms = template.get("Transform")
    transforms = transforms if isinstance(transforms, list) else [transforms] if transforms else []
    if LANGUAGE_EXTENSIONS not in transforms:
        _refuse_for_each(template, "a template without the AWS::LanguageExtensions transform")
        return template
    template = json.loads(json.dumps(template))
    rest = [t for t in transforms if t != LANGUAGE_EXTENSIONS]
    if rest:
        template["Transform"] = rest[0] if len(rest) == 1 else rest
    else:
        del template["Transform"]
    mappings = template.get("Mappings", {})
    looped = {section: body for section, body in template.items()
              if section in FOR_EACH_SECTIONS and isinstance(body, dict)}
    for section, body in template.items():
        if section not in looped:
            _refuse_for_each(body, f"the {section} section")
    used_by_loops = _mappings_named(looped)
    for section, body in looped.items():
        template[section] = _expand_section(body, mappings, section)
    # A table only the loops read has been read whole (its Fn::FindInMap resolved): it would be left unused, which
    # deploys nothing and which cfn-lint warns of (W7001), so it goes.
    for name in used_by_loops - _mappings_named(template):
        del mappings[name]
    if "Mappings" in template and not mappings:
        del template["Mappings"]
    return template


def _mappings_named(node):
    """The mappings a Fn::FindInMap in node names."""
    names = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Fn::FindInMap" and isinstance(value, list) and value and isinstance(value[0], str):
                names.add(value[0])
            names |= _mappings_named(value)
    elif isinstance(node, list):
        for value in node:
            names |= _mappings_named(value)
    return names


def _expand_section(body, mappings, where):
    expanded = {}
    for key, value in body.items():
        if FOR_EACH.match(key):
            produced = _for_each(key, value, mappings, where)
        elif key.startswith("Fn::ForEach"):
            raise PackagingError(f"{where}: {key} is not a loop's name (Fn::ForEach::<alphanumeric name>)")
        else:
            _refuse_for_each(value, f"{where}.{key}")
            produced = {key: value}
        for produced_key, produced_value in produced.items():
            if produced_key in expanded or (produced_key != key and produced_key in body):
                raise PackagingError(f"{where}: {produced_key} is made twice (by {key})")
            expanded[produced_key] = produced_value
    return expanded


def _for_each(name, arguments, mappings, where):
    if (not isinstance(arguments, list) or len(arguments) != 3 or not isinstance(arguments[0], str)
            or not isinstance(arguments[2], dict)):
        raise PackagingError(f"{where}.{name}: expected [identifier, [collection], {{OutputKey: OutputValue}}]")
    identifier, collection, fragment = arguments
    if not isinstance(collection, list) or not all(isinstance(v, str) for v in collection):
        raise PackagingError(f"{where}.{name}: only a literal list of strings is handled as the collection, not"
                             f" {collection!r}")
    for key in fragment:
        if f"${{{identifier}}}" not in key and f"&{{{identifier}}}" not in key:
            raise PackagingError(f"{where}.{name}: the OutputKey {key} must hold ${{{identifier}}} or &{{{identifier}}}")
    produced = {}
    for value in collection:
        instance = _resolve(_substitute(fragment, identifier, value), mappings, f"{where}.{name}")
        for key, body in _expand_section(instance, mappings, f"{where}.{name}").items():
            if key in produced:
                raise PackagingError(f"{where}.{name}: {key} is made twice")
            produced[key] = body
    return produced


def _substitute(node, identifier, value):
    if isinstance(node, dict):
        if list(node) == ["Ref"] and node["Ref"] == identifier:
            return value
        return {_substitute(k, identifier, value): _substitute(v, identifier, value) for k, v in node.items()}
    if isinstance(node, list):
        return [_substitute(v, identifier, value) for v in node]
    if isinstance(node, str):
        return (node.replace(f"${{{identifier}}}", value)
                .replace(f"&{{{identifier}}}", re.sub(r"[^0-9A-Za-z]", "", value)))
    return node


def _resolve(node, mappings, where):
    if isinstance(node, list):
        return [_resolve(v, mappings, where) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: _resolve(v, mappings, where) for k, v in node.items()}
    if len(node) != 1:
        return node
    function, arguments = next(iter(node.items()))
    if function in ("Fn::Length", "Fn::ToJsonString"):
        raise PackagingError(f"{where}: {function} is not handled by this expansion")
    if function == "Fn::FindInMap":
        if len(arguments) != 3:
            raise PackagingError(f"{where}: Fn::FindInMap with a DefaultValue is not handled")
        if all(isinstance(a, str) for a in arguments):
            try:
                return mappings[arguments[0]][arguments[1]][arguments[2]]
            except KeyError:
                raise PackagingError(f"{where}: Fn::FindInMap {arguments} finds nothing in Mappings") from None
    if function == "Fn::Sub" and isinstance(arguments, str) and "${" not in arguments:
        return arguments
    if function == "Ref" and not isinstance(arguments, str):
        raise PackagingError(f"{where}: Ref of {arguments!r} does not resolve to a name")
    if function == "Fn::GetAtt" and not (isinstance(arguments, list) and all(isinstance(a, str) for a in arguments)):
        raise PackagingError(f"{where}: Fn::GetAtt of {arguments!r} does not resolve to a name and an attribute")
    return node


def _refuse_for_each(node, where):
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("Fn::ForEach"):
                raise PackagingError(f"{where}: {key} here is not handled by this expansion (only at the top of"
                                     f" {', '.join(FOR_EACH_SECTIONS)}, with the AWS::LanguageExtensions transform)")
            _refuse_for_each(value, where)
    elif isinstance(node, list):
        for value in node:
            _refuse_for_each(value, where)


def expand(template_path, code_keys, bucket_prefix, owner):
    """template.yaml with the SAM transform applied and code in the stack's own Region's bucket."""
    from cfnlint.decode import decode
    from samtranslator.parser import parser
    from samtranslator.translator.translator import Translator

    template, problems = decode(template_path)
    if problems:
        raise PackagingError(f"{template_path} does not parse: {problems}")
    template = json.loads(json.dumps(template))  # plain dicts and lists for the translator
    template = expand_language_extensions(template)  # the Fn::ForEach loops first, as CloudFormation would
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

    bucket = {"Fn::Sub": bucket_name(bucket_prefix, owner, "${AWS::Region}")}
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


def bucket_policy(bucket, organization_id, partition):
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "OrganizationReadsGuardrailsCode",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:{partition}:s3:::{bucket}/{KEY_PREFIX}/*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": organization_id}},
        }],
    })


def caller():
    """The account and partition of the credentials the upload runs with (sts:GetCallerIdentity)."""
    import boto3
    identity = boto3.client("sts").get_caller_identity()
    return identity["Account"], identity["Arn"].split(":")[1]


def upload(uploads, template_upload, regions, bucket_prefix, owner, partition, organization_id):
    """Uploads to the account's own buckets only (ExpectedBucketOwner on every call that takes it); returns the
    version id of the uploaded template (buckets are versioned: the StackSet's template URL pins it)."""
    import boto3
    from botocore.exceptions import ClientError

    mine = {"ExpectedBucketOwner": owner}
    template_version = None
    for region in regions:
        s3 = boto3.client("s3", region_name=region)
        bucket = bucket_name(bucket_prefix, owner, region)
        try:
            s3.head_bucket(Bucket=bucket, **mine)
        except ClientError as e:
            code = e.response["Error"]["Code"]
            if code in ("403", "AccessDenied"):
                raise PackagingError(f"s3://{bucket} exists and is not this account's ({owner}): choose another"
                                     " --bucket-prefix") from e
            if code not in ("404", "NoSuchBucket"):
                raise
            create = {"Bucket": bucket}
            if region != "us-east-1":  # us-east-1 refuses its own name as a location constraint
                create["CreateBucketConfiguration"] = {"LocationConstraint": region}
            s3.create_bucket(**create)
            s3.head_bucket(Bucket=bucket, **mine)  # created by someone else meanwhile: refused here
            s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
                "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True}, **mine)
            if organization_id:
                s3.put_bucket_policy(Bucket=bucket, Policy=bucket_policy(bucket, organization_id, partition),
                                     **mine)
            print(f"created s3://{bucket}")
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"}, **mine)
        for path, key in uploads:
            s3.upload_file(path, bucket, key, ExtraArgs=mine)
            print(f"uploaded s3://{bucket}/{key}")
        # The template once, where the StackSet is created from (the first Region).
        if region == regions[0]:
            path, key = template_upload
            with open(path, "rb") as body:
                template_version = s3.put_object(Bucket=bucket, Key=key, Body=body, **mine).get("VersionId")
            print(f"uploaded s3://{bucket}/{key} (version {template_version})")
    return template_version


def main(argv=None):
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--bucket-prefix", required=True, help="code buckets are <prefix>-<account>-<Region>")
    args.add_argument("--bucket-owner", help="the account that owns the code buckets (default with --upload: the"
                                             " caller's; required without)")
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
    if options.bucket_owner and not ACCOUNT_ID.match(options.bucket_owner):
        problems.append(f"--bucket-owner {options.bucket_owner!r} is not an account id (12 digits)")
    if not options.upload and not options.bucket_owner:
        problems.append("--bucket-owner: name the account that owns the code buckets (or --upload with its"
                        " credentials)")
    if problems:
        raise PackagingError("; ".join(problems))
    owner, partition = options.bucket_owner, "aws"
    if options.upload:
        owner, partition = caller()
        if options.bucket_owner and options.bucket_owner != owner:
            raise PackagingError(f"--bucket-owner {options.bucket_owner} is not the account of these credentials"
                                 f" ({owner})")
    too_long = [bucket_name(options.bucket_prefix, owner, r) for r in regions
                 if len(bucket_name(options.bucket_prefix, owner, r)) > 63]
    if too_long:
        raise PackagingError(f"bucket names over 63 characters: {too_long}; shorten --bucket-prefix")

    modules = function_modules()
    uploads, keys = [], {}
    for logical_id, module in sorted(modules.items()):
        jar = built_jar(module, options.jars)
        keys[logical_id] = code_key(module, jar)
        uploads.append((jar, keys[logical_id]))
    expanded = expand(os.path.join(ROOT, "template.yaml"), keys, options.bucket_prefix, owner)

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

    version = None
    if options.upload:
        version = upload(uploads, template_upload, regions, options.bucket_prefix, owner, partition,
                         options.organization_id)
    else:
        print(f"# Upload the code to each Region's bucket (each must exist, be versioned, owned by {owner} and"
              " readable by the organization):")
        for region in regions:
            for path, key in uploads + ([template_upload] if region == regions[0] else []):
                print(f"aws s3api put-object --bucket {bucket_name(options.bucket_prefix, owner, region)} --key {key}"
                      f" --body {os.path.relpath(path)} --expected-bucket-owner {owner} --region {region}")
    print(f"wrote {os.path.relpath(template_path)} and {os.path.relpath(central_path)} (cfn-lint clean)")
    domain = "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com"
    template_url = (f"https://{bucket_name(options.bucket_prefix, owner, regions[0])}.s3.{regions[0]}.{domain}/"
                    f"{template_key}" + (f"?versionId={version}" if version else ""))
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
