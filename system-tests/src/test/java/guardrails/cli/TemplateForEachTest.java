package guardrails.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import guardrails.local.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * template.yaml says each guardrail's queue, queue policy, alarms, log group, mode parameter and output once, in
 * Fn::ForEach loops (AWS::LanguageExtensions), and must still deploy exactly what it deployed when each was written
 * out. This holds the expanded template against that of the template at commit 9e1ee85, the last one written out:
 * <ul>
 *   <li>{@code template-before-foreach.json} is template.yaml at 9e1ee85 as the StackSet packager expands it
 *   (tools/stackset.py's expand: the SAM transform applied, so every role, policy, rule, permission, alias and version
 *   SAM makes is in it; each function's code key fixed, as the jars are not built here). The template of now,
 *   expanded the same way (its loops first, as CloudFormation expands them), must equal it: the same LogicalIds, the
 *   same properties, the same IAM, the same outputs, conditions, parameters and rules. The one difference allowed is
 *   of form, not value: a loop writes a text that names its guardrail as a Fn::Sub whose variables are literal
 *   (from the Guardrails mapping), which CloudFormation turns into the very string written out before (the Fn::Sub
 *   page, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-sub.html:
 *   each variable's value is substituted); both sides are compared with those put in. The Guardrails mapping the
 *   loops read is gone from the package once they are expanded (unused, it would deploy nothing and draw cfn-lint's
 *   W7001), so Mappings are equal too.</li>
 *   <li>The same two templates resolved for a stack instance (ExpandedTemplate: parameters, conditions, references)
 *   with an own topic, a central one, Security Hub on and the controllers' rule replacement on: every resource and
 *   output the same, without any normalisation.</li>
 *   <li>{@code template-9e1ee85.yaml} is that template's text: local-aws's Template, which every test that reads
 *   template.yaml uses, must read the template of now (its loops expanded) as it read that one, each function with
 *   the Globals SAM merges into it (CodeUri and the common EventInvokeConfig moved there).</li>
 * </ul>
 * A guardrail added since (declared, with no queue in the fixture) is taken out of the template of now before each
 * comparison ({@link #withoutNewcomers}): adding one must leave the six of 9e1ee85 deploying what they did.
 */
class TemplateForEachTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Path RESOURCES = StackSetPackage.ROOT.resolve("system-tests/src/test/resources");
    /** tools/stackset.py's expand, with each function's code key fixed (the fixture was made by the same lines). */
    private static final String EXPAND = """
            import json, os, sys
            sys.path.insert(0, os.path.join(sys.argv[1], "tools"))
            import stackset
            keys = {i: f"workspaces-guardrails/{m}.jar" for i, m in stackset.function_modules(sys.argv[1]).items()}
            out = stackset.expand(sys.argv[2], keys, "guardrails-code", "111122223333")
            print(json.dumps(out, indent=1, sort_keys=True))
            """;

    static JsonNode before;
    static JsonNode now;

    @BeforeAll
    static void expandBoth() throws Exception {
        before = JSON.readTree(RESOURCES.resolve("template-before-foreach.json").toFile());
        Process python = new ProcessBuilder("python3", "-c", EXPAND, StackSetPackage.ROOT.toString(),
                StackSetPackage.ROOT.resolve("template.yaml").toString()).redirectErrorStream(false).start();
        String out = new String(python.getInputStream().readAllBytes());
        String err = new String(python.getErrorStream().readAllBytes());
        assertEquals(0, python.waitFor(), err);
        now = withoutNewcomers(JSON.readTree(out));
    }

    /**
     * The guardrails added since 9e1ee85 (declared, with no failed-events queue in the fixture): the fixture pins what
     * the six of that commit deploy, so each newcomer's own resources and outputs, its items in the template's lists
     * of every guardrail (FailedEventsAlarm's metric, expression and text, SecurityHubFindingsPolicy's role, the
     * FailedEventsQueues output) are taken out before comparing. Adding a guardrail must leave the six as they were.
     */
    static List<guardrails.shared.registry.Guardrail> newcomers(JsonNode fixture) {
        return guardrails.shared.registry.Guardrail.all().stream()
                .filter(g -> !fixture.path("Resources").has(g.resourcePrefix() + "FailedEvents")).toList();
    }

    static JsonNode withoutNewcomers(JsonNode document) {
        List<guardrails.shared.registry.Guardrail> newcomers = newcomers(before);
        JsonNode scrubbed = document.deepCopy();
        for (var newcomer : newcomers) {
            for (String section : List.of("Resources", "Outputs")) {
                if (scrubbed.path(section) instanceof ObjectNode entries) {
                    names(entries).stream().filter(id -> id.startsWith(newcomer.resourcePrefix()))
                            .forEach(entries::remove);
                }
            }
            scrubbed = without(scrubbed, newcomer.resourcePrefix(), "g" + newcomer.number().substring(1),
                    newcomer.number());
        }
        return scrubbed;
    }

    /**
     * Every item of a list that names the prefix taken out (a list within a list is looked into, not taken out
     * whole); a text's " + FILL(gN, 0)" and ", GN ${<prefix>FailedEvents.QueueName}" too.
     */
    private static JsonNode without(JsonNode node, String prefix, String metricId, String number) {
        if (node.isArray()) {
            ArrayNode kept = NODES.arrayNode();
            node.forEach(item -> {
                if (item.isArray() || !item.toString().contains(prefix)) {
                    kept.add(without(item, prefix, metricId, number));
                }
            });
            return kept;
        }
        if (node.isObject()) {
            ObjectNode kept = NODES.objectNode();
            node.properties().forEach(e -> kept.set(e.getKey(), without(e.getValue(), prefix, metricId, number)));
            return kept;
        }
        if (node.isTextual()) {
            return new TextNode(node.asText().replace(" + FILL(" + metricId + ", 0)", "")
                    .replaceAll(", " + number + "\\s+\\$\\{" + prefix + "FailedEvents\\.QueueName\\}", ""));
        }
        return node;
    }

    @Test
    void theTemplateUsesTheLoops() throws Exception {
        String text = Files.readString(StackSetPackage.ROOT.resolve("template.yaml"));
        assertTrue(text.contains("Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]"), "loops first");
        assertTrue(text.contains("Fn::ForEach::"), "the per-guardrail resources are written once");
        assertTrue(!now.has("Transform"), "the package holds no transform");
    }

    @Test
    void theExpandedTemplateDeploysWhatTheWrittenOutOneDid() {
        for (String section : List.of("Resources", "Outputs", "Conditions", "Parameters", "Rules", "Mappings",
                "Description", "AWSTemplateFormatVersion")) {
            JsonNode was = literalSubs(before.path(section));
            JsonNode is = literalSubs(now.path(section));
            assertEquals(new TreeSet<>(names(was)), new TreeSet<>(names(is)), section + ": the same LogicalIds");
            if (was.isObject()) {
                was.properties().forEach(e -> assertEquals(e.getValue(), is.path(e.getKey()),
                        section + "." + e.getKey()));
            }
            assertEquals(was, is, section);
        }
        assertEquals(new TreeSet<>(names(before)), new TreeSet<>(names(now)), "the same sections");
    }

    @Test
    void eachStackInstanceGetsTheSameResourcesAndOutputs() {
        List<Map<String, String>> cases = List.of(Map.of(), StackSetTemplateTest.CENTRAL,
                Map.of("SecurityHubFindings", "Enabled", "ControllersAllowedCidrs", "10.0.0.0/8",
                        "ControllersVpcIds", "vpc-0123456789abcdef0", "TrustSweepMinutes", "15",
                        "SubnetSweepMinutes", "5", "WorkspaceCreationMode", "REMEDIATE", "AlertEmail", "a@b.c"));
        for (Map<String, String> parameters : cases) {
            for (String region : List.of("eu-west-1", "us-east-1")) {
                ExpandedTemplate was = new ExpandedTemplate(before, parameters, StackSetTemplateTest.MEMBER, region);
                ExpandedTemplate is = new ExpandedTemplate(now, parameters, StackSetTemplateTest.MEMBER, region);
                before.path("Resources").properties().forEach(e -> {
                    assertEquals(was.creates(e.getKey()), is.creates(e.getKey()), e.getKey() + " " + parameters);
                    if (was.creates(e.getKey())) {
                        assertEquals(was.resolve(e.getValue()), is.resolve(now.path("Resources").path(e.getKey())),
                                e.getKey() + " in " + region + " with " + parameters);
                    }
                });
                assertEquals(was.resolve(before.path("Outputs")), is.resolve(now.path("Outputs")),
                        "outputs " + parameters);
                assertEquals(List.of(), is.problems(), region + " " + parameters);
            }
        }
    }

    @Test
    void localAwsReadsTheLoopsAsItReadTheWrittenOutTemplate() {
        JsonNode was = withGlobals(Template.load(RESOURCES.resolve("template-9e1ee85.yaml")).document());
        JsonNode is = withGlobals(withoutNewcomers(Template.load().document()));
        for (String section : List.of("Resources", "Outputs", "Conditions", "Parameters", "Rules")) {
            assertEquals(new TreeSet<>(names(was.path(section))), new TreeSet<>(names(is.path(section))), section);
            was.path(section).properties().forEach(e -> assertEquals(e.getValue(), is.path(section).path(e.getKey()),
                    section + "." + e.getKey()));
        }
        assertEquals(Template.load(RESOURCES.resolve("template-9e1ee85.yaml")).functionIds(),
                Template.load().functionIds().stream().filter(id -> newcomers(before).stream()
                        .noneMatch(g -> id.startsWith(g.resourcePrefix()))).toList(),
                "the same functions, in the same order");
    }

    @Test
    void aLoopLocalAwsCannotReadFailsLoudly(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String head = "Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\n"
                + "Parameters:\n  Names: {Type: CommaDelimitedList, Default: \"A,B\"}\n";
        Path byParameter = Files.writeString(dir.resolve("by-parameter.yaml"), head + "Resources:\n"
                + "  Fn::ForEach::Queues:\n    - Name\n    - {Ref: Names}\n"
                + "    - ${Name}Queue: {Type: AWS::SQS::Queue}\n");
        assertThrows(IllegalStateException.class, () -> Template.load(byParameter), "a collection from a parameter");
        Path inProperties = Files.writeString(dir.resolve("in-properties.yaml"), head + "Resources:\n"
                + "  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n"
                + "      Fn::ForEach::Tags: [Name, [A], {\"${Name}\": x}]\n");
        assertThrows(IllegalStateException.class, () -> Template.load(inProperties), "a loop inside properties");
        Path keyWithout = Files.writeString(dir.resolve("key-without.yaml"), head + "Resources:\n"
                + "  Fn::ForEach::Queues: [Name, [A, B], {Queue: {Type: AWS::SQS::Queue}}]\n");
        assertThrows(IllegalStateException.class, () -> Template.load(keyWithout), "an OutputKey without ${Name}");
        Path length = Files.writeString(dir.resolve("length.yaml"), head + "Resources:\n"
                + "  Fn::ForEach::Queues:\n    - Name\n    - [A]\n"
                + "    - ${Name}Queue: {Type: AWS::SQS::Queue, Properties: {DelaySeconds: {Fn::Length: [1]}}}\n");
        assertThrows(IllegalStateException.class, () -> Template.load(length), "Fn::Length");
    }

    /**
     * Each function with the template's Globals.Function merged in, as SAM does it (a map merges with the function's,
     * whose entries win; a list is the global's items then the function's; anything else is the function's): the
     * template now gives CodeUri and part of EventInvokeConfig once, in Globals.
     */
    static JsonNode withGlobals(JsonNode template) {
        ObjectNode copy = template.deepCopy();
        JsonNode globals = template.path("Globals").path("Function");
        copy.path("Resources").properties().forEach(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().path("Type").asText())) {
                ((ObjectNode) e.getValue()).set("Properties", merged(globals, e.getValue().path("Properties")));
            }
        });
        copy.remove("Globals");
        return copy;
    }

    private static JsonNode merged(JsonNode global, JsonNode local) {
        if (global.isMissingNode()) {
            return local;
        }
        if (local.isMissingNode()) {
            return global;
        }
        if (global.isObject() && local.isObject()) {
            ObjectNode both = global.deepCopy();
            local.properties().forEach(e -> both.set(e.getKey(), merged(global.path(e.getKey()), e.getValue())));
            return both;
        }
        if (global.isArray() && local.isArray()) {
            ArrayNode both = global.deepCopy();
            both.addAll((ArrayNode) local);
            return both;
        }
        return local;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * A Fn::Sub whose variables are all literal, as the string CloudFormation makes of it (each ${name} replaced by
     * its value; a string left with no ${...} is plain text, as a Fn::Sub of no variable is its string).
     */
    static JsonNode literalSubs(JsonNode node) {
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(v -> copy.add(literalSubs(v)));
            return copy;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode copy = NODES.objectNode();
        node.properties().forEach(e -> copy.set(e.getKey(), literalSubs(e.getValue())));
        JsonNode sub = copy.get("Fn::Sub");
        if (copy.size() == 1 && sub != null) {
            String text = null;
            if (sub.isTextual()) {
                text = sub.asText();
            } else if (sub.isArray() && sub.size() == 2 && sub.get(1).isObject()) {
                boolean literal = true;
                for (JsonNode v : sub.get(1)) {
                    literal &= v.isTextual();
                }
                if (literal) {
                    text = sub.get(0).asText();
                    for (var v : sub.get(1).properties()) {
                        text = text.replace("${" + v.getKey() + "}", v.getValue().asText());
                    }
                }
            }
            if (text != null) {
                return text.contains("${") ? NODES.objectNode().set("Fn::Sub", new TextNode(text)) : new TextNode(text);
            }
        }
        return copy;
    }
}
