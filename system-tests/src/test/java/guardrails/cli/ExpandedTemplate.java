package guardrails.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The StackSet's template (CloudFormation JSON, intrinsics in their long form) as CloudFormation would read it for
 * one stack instance: parameters (given, else defaults), conditions, and the intrinsics the template uses. A
 * reference to a resource reads "ref:Id" or "att:Id.Attribute"; a reference CloudFormation could not resolve (an
 * unknown name, or a resource its condition leaves out) is collected in {@link #problems()}, as CloudFormation
 * would refuse the stack for it.
 */
final class ExpandedTemplate {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final JsonNode root;
    private final Map<String, String> parameters = new HashMap<>();
    private final Map<String, String> pseudo;
    private final List<String> problems = new ArrayList<>();

    ExpandedTemplate(JsonNode root, Map<String, String> given, String account, String region) {
        this.root = root;
        root.path("Parameters").properties().forEach(e -> parameters.put(e.getKey(),
                given.getOrDefault(e.getKey(), e.getValue().path("Default").asText())));
        this.pseudo = Map.of("AWS::Region", region, "AWS::AccountId", account, "AWS::Partition", "aws",
                "AWS::StackName", "StackSet-workspaces-guardrails", "AWS::URLSuffix", "amazonaws.com");
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    boolean condition(String name) {
        JsonNode definition = root.path("Conditions").path(name);
        if (definition.isMissingNode()) {
            problems.add("no condition " + name);
            return false;
        }
        return resolve(definition).asBoolean();
    }

    /** Whether the stack instance has this resource (it exists and its condition, if any, holds). */
    boolean creates(String logicalId) {
        JsonNode resource = root.path("Resources").path(logicalId);
        return !resource.isMissingNode()
                && (!resource.has("Condition") || condition(resource.path("Condition").asText()));
    }

    /** Every resource the instance creates, of this type, with its properties resolved. */
    Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new java.util.LinkedHashMap<>();
        root.path("Resources").properties().forEach(e -> {
            if (type.equals(e.getValue().path("Type").asText()) && creates(e.getKey())) {
                found.put(e.getKey(), resolve(e.getValue().path("Properties")));
            }
        });
        return found;
    }

    /** Resolves every resource the instance creates and every output: what CloudFormation checks on create. */
    List<String> resolveAll() {
        root.path("Resources").properties().forEach(e -> {
            if (creates(e.getKey())) {
                resolve(e.getValue());
                e.getValue().path("DependsOn").forEach(d -> reference(d.asText(), "DependsOn of " + e.getKey()));
            }
        });
        root.path("Outputs").properties().forEach(e -> {
            if (!e.getValue().has("Condition") || condition(e.getValue().path("Condition").asText())) {
                resolve(e.getValue().path("Value"));
            }
        });
        return problems();
    }

    /** The Rules' assertions that fail for these parameters (CloudFormation refuses the stack for any). */
    List<String> failedRuleAssertions() {
        List<String> failed = new ArrayList<>();
        root.path("Rules").properties().forEach(rule -> {
            JsonNode when = rule.getValue().path("RuleCondition");
            if (when.isMissingNode() || resolve(when).asBoolean()) {
                rule.getValue().path("Assertions").forEach(assertion -> {
                    if (!resolve(assertion.path("Assert")).asBoolean()) {
                        failed.add(rule.getKey() + ": " + assertion.path("AssertDescription").asText());
                    }
                });
            }
        });
        return failed;
    }

    JsonNode resolve(JsonNode node) {
        if (node.isArray()) {
            ArrayNode values = NODES.arrayNode();
            node.forEach(v -> {
                JsonNode value = resolve(v);
                if (!value.isMissingNode()) {
                    values.add(value);
                }
            });
            return values;
        }
        if (!node.isObject()) {
            return node;
        }
        if (node.size() == 1) {
            String function = node.fieldNames().next();
            JsonNode args = node.get(function);
            switch (function) {
                case "Ref":
                    return ref(args.asText());
                case "Fn::GetAtt":
                    return new TextNode(reference(args.get(0).asText(), "GetAtt") ? "att:" + args.get(0).asText()
                            + "." + args.get(1).asText() : "unresolved");
                case "Fn::If":
                    return resolve(condition(args.get(0).asText()) ? args.get(1) : args.get(2));
                case "Fn::Sub":
                    return sub(args);
                case "Fn::Join": {
                    List<String> parts = new ArrayList<>();
                    resolve(args.get(1)).forEach(p -> parts.add(p.asText()));
                    return new TextNode(String.join(args.get(0).asText(), parts));
                }
                case "Fn::Select":
                    return resolve(args.get(1)).path(resolve(args.get(0)).asInt());
                case "Fn::Split": {
                    ArrayNode parts = NODES.arrayNode();
                    for (String part : resolve(args.get(1)).asText().split(Pattern.quote(args.get(0).asText()), -1)) {
                        parts.add(part);
                    }
                    return parts;
                }
                case "Fn::FindInMap":
                    return root.path("Mappings").path(resolve(args.get(0)).asText()).path(resolve(args.get(1)).asText())
                            .path(resolve(args.get(2)).asText());
                case "Fn::Equals":
                    return BooleanNode.valueOf(resolve(args.get(0)).asText().equals(resolve(args.get(1)).asText()));
                case "Fn::Not":
                    return BooleanNode.valueOf(!resolve(args.get(0)).asBoolean());
                case "Fn::And": {
                    boolean all = true;
                    for (JsonNode a : args) {
                        all &= resolve(a).asBoolean();
                    }
                    return BooleanNode.valueOf(all);
                }
                case "Fn::Or": {
                    boolean any = false;
                    for (JsonNode a : args) {
                        any |= resolve(a).asBoolean();
                    }
                    return BooleanNode.valueOf(any);
                }
                case "Condition":
                    return BooleanNode.valueOf(condition(args.asText()));
                default:
                    if (function.startsWith("Fn::")) {
                        problems.add("intrinsic this reader does not know: " + function);
                    }
            }
        }
        ObjectNode values = NODES.objectNode();
        node.properties().forEach(e -> {
            JsonNode value = resolve(e.getValue());
            if (!value.isMissingNode()) {
                values.set(e.getKey(), value);
            }
        });
        return values;
    }

    private JsonNode ref(String name) {
        if (name.equals("AWS::NoValue")) {
            return MissingNode.getInstance();
        }
        if (pseudo.containsKey(name)) {
            return new TextNode(pseudo.get(name));
        }
        if (parameters.containsKey(name)) {
            return new TextNode(parameters.get(name));
        }
        return new TextNode(reference(name, "Ref") ? "ref:" + name : "unresolved");
    }

    private boolean reference(String logicalId, String how) {
        if (!creates(logicalId)) {
            problems.add(how + " " + logicalId + ": no such resource in this stack instance");
            return false;
        }
        return true;
    }

    private JsonNode sub(JsonNode args) {
        String text = args.isArray() ? args.get(0).asText() : args.asText();
        JsonNode variables = args.isArray() ? args.get(1) : NODES.objectNode();
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if (variables.has(name)) {
                value = resolve(variables.get(name)).asText();
            } else if (name.contains(".")) {
                String id = name.substring(0, name.indexOf('.'));
                value = reference(id, "Sub") ? "att:" + name : "unresolved";
            } else {
                value = ref(name).asText();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return new TextNode(out.toString());
    }
}
