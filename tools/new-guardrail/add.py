#!/usr/bin/env python3
"""Adds a guardrail: a new function module from the skeleton beside this script, and the three lines of the build
that name it.

    python3 tools/new-guardrail/add.py 7 example-check "Example check"

writes functions/example-check/ (package guardrails.examplecheck, key G7-example-check, resources ExampleCheck* in
template.yaml), and outside that module touches exactly: functions/pom.xml (its module, and the dependencies on its
classes and its field kit that the CLI, bench and system tests take), the Makefile (the build target `sam build`
runs) and template.yaml (its block: the function, and its entry in the per-guardrail collection). Every other tool
finds it through its descriptor and its field kit.
Run from anywhere; prints the files it touched outside the module. The system tests run it on a copy of the
repository (NewGuardrailTest) and build and check the result.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SKELETON = os.path.join(os.path.dirname(os.path.abspath(__file__)), "skeleton")
TEMPLATE_BLOCK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "template-block.yaml")


class Refused(Exception):
    pass


def names(number, name, title):
    if not re.fullmatch(r"[1-9][0-9]*", number):
        raise Refused(f"the number is a positive integer, not {number!r}")
    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*", name):
        raise Refused(f"the name is lower-case words joined by '-', e.g. example-check, not {name!r}")
    if not title.strip() or any(c in title for c in '"\\<>&\n'):
        raise Refused("the title is a few plain words (no quotes, backslashes or markup)")
    return {
        "__KEY__": f"G{number}-{name}",
        "__NUMBER__": f"G{number}",
        "__NAME__": name,
        "__PACKAGE__": name.replace("-", ""),
        "__PREFIX__": "".join(word.capitalize() for word in name.split("-")),
        "__TITLE__": title.strip(),
    }


def substitute(text, values):
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def write_module(root, values):
    module = os.path.join(root, "functions", values["__NAME__"])
    if os.path.exists(module):
        raise Refused(f"functions/{values['__NAME__']} exists already")
    for folder, _, files in os.walk(SKELETON):
        relative = os.path.relpath(folder, SKELETON)
        for file in files:
            target_folder = relative
            if relative in ("src/main/java", "src/test/java"):  # Java sources go into the guardrail's package
                target_folder = os.path.join(relative, "guardrails", values["__PACKAGE__"])
            target = os.path.join(module, target_folder, substitute(file, values))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(os.path.join(folder, file)) as source, open(target, "w") as out:
                out.write(substitute(source.read(), values))
    return module


def insert_before(path, marker, text, what):
    with open(path) as f:
        content = f.read()
    if content.count(marker) != 1:
        raise Refused(f"{os.path.relpath(path, ROOT)}: expected one {marker.strip()!r} to add {what} before")
    with open(path, "w") as f:
        f.write(content.replace(marker, text + marker))


def add_to_build(root, values):
    name = values["__NAME__"]
    pom = os.path.join(root, "functions", "pom.xml")
    insert_before(pom, "  </modules>", f"    <module>{name}</module>\n", "the module")
    dependency = f"<groupId>guardrails</groupId><artifactId>{name}</artifactId><version>${{project.version}}</version>"
    insert_before(pom, "  </dependencies>", f"    <dependency>{dependency}</dependency>\n"
                  f"    <dependency>{dependency}<type>test-jar</type></dependency>\n", "the dependencies")
    with open(os.path.join(root, "Makefile"), "a") as makefile:
        makefile.write(f"\nbuild-{values['__PREFIX__']}Function:\n"
                       f"\t./guardrails build-function {name} \"$(ARTIFACTS_DIR)\"\n")


def with_guardrail(root, values):
    """template.yaml's text with the guardrail added: its row in the Guardrails mapping, its prefix in the
    per-guardrail loops (all but ModeParameters: the skeleton only alerts), its queue and role in the lists of every
    guardrail, and its function block."""
    path = os.path.join(root, "template.yaml")
    with open(path) as f:
        template = f.read()
    prefix = values["__PREFIX__"]
    row = (f"    {prefix}:\n      {{Id: {values['__KEY__']}, Short: {values['__NUMBER__']}, Name: {values['__NAME__']}, "
           f"SweepSeconds: 86400,\n       FirstRule: {prefix}FunctionDirectoryCalls, "
           f"SecondRule: {prefix}FunctionDailySweep,\n       Stopped: nothing it watches is being checked}}\n")
    mapping = re.search(r"^  Guardrails:\n(?:(?:    |\s*#).*\n)+", template, re.M)
    if not mapping:
        raise Refused("template.yaml: no Guardrails mapping (one row per guardrail) to add a row to")
    template = template[:mapping.end()] + row + template[mapping.end():]

    loops = 0
    for loop in re.finditer(r"^  Fn::ForEach::(\w+):\n    - Prefix\n    - \[([^\]]*)\]", template, re.M):
        if loop.group(1) != "ModeParameters":
            loops += 1
    if loops == 0:
        raise Refused("template.yaml: no Fn::ForEach loop over the guardrails' prefixes")
    template = re.sub(r"^(  Fn::ForEach::(\w+):\n    - Prefix\n    - \[[^\]]*)\]",
                      lambda m: m.group(0) if m.group(2) == "ModeParameters" else m.group(1) + ", " + prefix + "]",
                      template, flags=re.M)
    template = re.sub(r"(\[(?:!Ref \w+FailedEvents, )+!Ref \w+FailedEvents)\]",
                      lambda m: m.group(1) + ", !Ref " + prefix + "FailedEvents]", template)
    template = watched_by_failed_events_alarm(template, values)
    # Security Hub's import policy goes on every function's role.
    template, roles = re.subn(r"(      Roles:\n(?:        - !Ref \w+FunctionRole\n)+)",
                              lambda m: m.group(1) + f"        - !Ref {prefix}FunctionRole\n", template)
    if roles != 1:
        raise Refused("template.yaml: expected one policy whose Roles list every function's role")

    with open(TEMPLATE_BLOCK) as f:
        block = substitute(f.read(), values)
    marker = "\nOutputs:\n"
    if template.count(marker) != 1:
        raise Refused("template.yaml: expected one Outputs section to add the function block before")
    return template.replace(marker, "\n" + block.rstrip("\n") + "\n" + marker)


def watched_by_failed_events_alarm(template, values):
    """FailedEventsAlarm sums every failed-events queue's waiting messages: one metric more, and its queue named."""
    prefix, metric = values["__PREFIX__"], "g" + values["__NUMBER__"][1:]
    expression = re.search(r"^(          Expression: FILL\(g\d+, 0\)(?: \+ FILL\(g\d+, 0\))*)$", template, re.M)
    last = list(re.finditer(r"^        - \{Id: g\d+, ReturnData: false, MetricStat: .*\n(?:            .*\n)*?"
                            r"            .*FailedEvents\.QueueName\}\]\}\}\}\n", template, re.M))
    queues = re.search(r"(\$\{\w+FailedEvents\.QueueName\})\)", template)
    if not expression or not last or not queues:
        raise Refused("template.yaml: FailedEventsAlarm's expression, metrics and queue list not found")
    entry = (f"        - {{Id: {metric}, ReturnData: false, MetricStat: {{Period: 300, Stat: Maximum, Metric: "
             f"{{Namespace: AWS/SQS,\n            MetricName: ApproximateNumberOfMessagesVisible,\n"
             f"            Dimensions: [{{Name: QueueName, Value: !GetAtt {prefix}FailedEvents.QueueName}}]}}}}}}\n")
    end = last[-1].end()
    template = template[:end] + entry + template[end:]
    template = template.replace(expression.group(1), expression.group(1) + f" + FILL({metric}, 0)", 1)
    return template.replace(queues.group(0), queues.group(1) + f", {values['__NUMBER__']}\n        "
                            f"${{{prefix}FailedEvents.QueueName}})", 1)


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    root = os.environ.get("GUARDRAILS_ROOT", ROOT)
    try:
        values = names(argv[1], argv[2], argv[3])
        template = with_guardrail(root, values)  # first: a template it cannot read leaves nothing half-written
        module = write_module(root, values)
        add_to_build(root, values)
        with open(os.path.join(root, "template.yaml"), "w") as f:
            f.write(template)
    except Refused as refused:
        print(f"new-guardrail: {refused}", file=sys.stderr)
        return 1
    print(f"added {values['__KEY__']} in {os.path.relpath(module, root)}; touched functions/pom.xml, Makefile, "
          "template.yaml")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
