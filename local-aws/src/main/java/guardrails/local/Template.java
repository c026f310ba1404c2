package guardrails.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads template.yaml the way the local runner and the tests need it: each function's handler, environment
 * (parameters resolved to their defaults, other references left to the caller's environment), EventBridge
 * patterns and IAM actions. CloudFormation's short tags (!Ref, !Sub, !GetAtt) are read as their plain values.
 *
 * <p>The template's Fn::ForEach loops (the AWS::LanguageExtensions transform) are expanded on loading, as
 * CloudFormation expands them, so a reader sees each guardrail's resources under their own LogicalIds: see
 * {@link #expandLanguageExtensions(JsonNode)}.
 */
public final class Template {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonNode root;
    private final Map<String, String> parameters;

    private Template(JsonNode root, Map<String, String> parameters) {
        this.root = root;
        this.parameters = Map.copyOf(parameters);
    }

    /** The template deployed with these parameter values (the others at their defaults). */
    public Template withParameters(Map<String, String> values) {
        return new Template(root, values);
    }

    /** The template's resources of one type, by logical id, as written (tags such as !Ref show their argument). */
    public Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        root.path("Resources").properties().forEach(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                found.put(e.getKey(), e.getValue().path("Properties"));
            }
        });
        return found;
    }

    /** A template parameter's declaration (Type, Default, AllowedPattern...), as written. */
    public JsonNode parameter(String name) {
        return root.path("Parameters").path(name);
    }

    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        root.path("Parameters").properties().forEach(e -> names.add(e.getKey()));
        return names;
    }

    public static Template load() {
        return load(CloudTrailEvents.eventsDir().getParent().resolve("template.yaml"));
    }

    public static Template load(Path file) {
        try {
            return new Template(expandLanguageExtensions(YAML.readTree(Files.readString(file))), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole template as read (loops expanded), for a test that compares two templates. */
    public JsonNode document() {
        return root.deepCopy();
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions";
    private static final Pattern FOR_EACH = Pattern.compile("Fn::ForEach::[A-Za-z0-9]+");
    /** Where Fn::ForEach may stand ("Conditions, Outputs, and Resources"); this reader handles their top level only. */
    private static final List<String> FOR_EACH_SECTIONS = List.of("Conditions", "Outputs", "Resources");

    /**
     * The template with its Fn::ForEach loops expanded, as the AWS::LanguageExtensions transform does it, as far as
     * template.yaml uses it (tools/stackset.py's expand_language_extensions does the same for the StackSet package).
     *
     * <p>Fn::ForEach (AWS CloudFormation User Guide, "Fn::ForEach",
     * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html):
     * {@code ["Identifier", [collection], {"OutputKey": OutputValue, ...}]} gives, for each value of the collection,
     * the fragment with every {@code ${Identifier}} and {@code &{Identifier}} in its keys and values replaced by the
     * value ({@code &{}} drops the value's non-alphanumeric characters) and {@code {"Ref": "Identifier"}} replaced by
     * the value; each OutputKey must hold the identifier. Within a loop's output, Fn::FindInMap with literal keys
     * becomes its value, as the transform resolves it ("Fn::FindInMap enhancements"). Then, because this reader
     * shows the rest of the template without its tags ({@code !Ref X} reads "X", {@code !GetAtt A.B} "A.B",
     * {@code !Sub s} "s"), the long forms a loop writes read the same way: {@code Ref} as its name,
     * {@code Fn::GetAtt} as "A.B", {@code Fn::Sub} as its string with its literal variables put in. Anything else
     * (a collection that is not a literal list, a loop elsewhere, Fn::Length, a DefaultValue...) fails loudly.
     */
    static JsonNode expandLanguageExtensions(JsonNode template) {
        JsonNode transform = template.path("Transform");
        List<String> transforms = new ArrayList<>();
        if (transform.isArray()) {
            transform.forEach(t -> transforms.add(t.asText()));
        } else if (!transform.isMissingNode()) {
            transforms.add(transform.asText());
        }
        if (!transforms.contains(LANGUAGE_EXTENSIONS)) {
            refuseForEach(template, "a template without the " + LANGUAGE_EXTENSIONS + " transform");
            return template;
        }
        ObjectNode expanded = NODES.objectNode();
        JsonNode mappings = template.path("Mappings");
        template.properties().forEach(section -> {
            if (FOR_EACH_SECTIONS.contains(section.getKey()) && section.getValue().isObject()) {
                expanded.set(section.getKey(), expandSection(section.getValue(), mappings, section.getKey()));
            } else {
                refuseForEach(section.getValue(), "the " + section.getKey() + " section");
                expanded.set(section.getKey(), section.getValue());
            }
        });
        transforms.remove(LANGUAGE_EXTENSIONS);
        if (transforms.isEmpty()) {
            expanded.remove("Transform");
        } else if (transforms.size() == 1) {
            expanded.put("Transform", transforms.get(0));
        } else {
            ArrayNode rest = expanded.putArray("Transform");
            transforms.forEach(rest::add);
        }
        return expanded;
    }

    private static ObjectNode expandSection(JsonNode body, JsonNode mappings, String where) {
        ObjectNode expanded = NODES.objectNode();
        body.properties().forEach(entry -> {
            String key = entry.getKey();
            ObjectNode produced;
            if (FOR_EACH.matcher(key).matches()) {
                produced = forEach(key, entry.getValue(), mappings, where);
            } else if (key.startsWith("Fn::ForEach")) {
                throw new IllegalStateException(where + ": " + key + " is not a loop's name (Fn::ForEach::<alphanumeric>)");
            } else {
                refuseForEach(entry.getValue(), where + "." + key);
                produced = NODES.objectNode().set(key, entry.getValue());
            }
            produced.properties().forEach(p -> {
                if (expanded.has(p.getKey()) || (!p.getKey().equals(key) && body.has(p.getKey()))) {
                    throw new IllegalStateException(where + ": " + p.getKey() + " is made twice (by " + key + ")");
                }
                expanded.set(p.getKey(), p.getValue());
            });
        });
        return expanded;
    }

    private static ObjectNode forEach(String name, JsonNode arguments, JsonNode mappings, String where) {
        String at = where + "." + name;
        if (!arguments.isArray() || arguments.size() != 3 || !arguments.get(0).isTextual()
                || !arguments.get(2).isObject()) {
            throw new IllegalStateException(at + ": expected [identifier, [collection], {OutputKey: OutputValue}]");
        }
        String identifier = arguments.get(0).asText();
        JsonNode collection = arguments.get(1);
        if (!collection.isArray()) {
            throw new IllegalStateException(at + ": only a literal list is handled as the collection, not "
                    + collection);
        }
        JsonNode fragment = arguments.get(2);
        fragment.fieldNames().forEachRemaining(key -> {
            if (!key.contains("${" + identifier + "}") && !key.contains("&{" + identifier + "}")) {
                throw new IllegalStateException(at + ": the OutputKey " + key + " must hold ${" + identifier + "}");
            }
        });
        ObjectNode produced = NODES.objectNode();
        for (JsonNode value : collection) {
            if (!value.isTextual()) {
                throw new IllegalStateException(at + ": only strings are handled in the collection, not " + value);
            }
            JsonNode instance = resolve(substitute(fragment, identifier, value.asText()), mappings, at);
            expandSection(instance, mappings, at).properties().forEach(p -> {
                if (produced.has(p.getKey())) {
                    throw new IllegalStateException(at + ": " + p.getKey() + " is made twice");
                }
                produced.set(p.getKey(), p.getValue());
            });
        }
        return produced;
    }

    private static JsonNode substitute(JsonNode node, String identifier, String value) {
        if (node.isObject()) {
            if (node.size() == 1 && node.has("Ref") && node.get("Ref").asText().equals(identifier)) {
                return new TextNode(value);
            }
            ObjectNode copy = NODES.objectNode();
            node.properties().forEach(e -> copy.set(substitute(e.getKey(), identifier, value),
                    substitute(e.getValue(), identifier, value)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(v -> copy.add(substitute(v, identifier, value)));
            return copy;
        }
        return node.isTextual() ? new TextNode(substitute(node.asText(), identifier, value)) : node;
    }

    private static String substitute(String text, String identifier, String value) {
        return text.replace("${" + identifier + "}", value)
                .replace("&{" + identifier + "}", value.replaceAll("[^0-9A-Za-z]", ""));
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    /** A loop's output as this reader shows the rest of the template (see expandLanguageExtensions). */
    private static JsonNode resolve(JsonNode node, JsonNode mappings, String where) {
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(v -> copy.add(resolve(v, mappings, where)));
            return copy;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode copy = NODES.objectNode();
        node.properties().forEach(e -> copy.set(e.getKey(), resolve(e.getValue(), mappings, where)));
        if (copy.size() != 1) {
            return copy;
        }
        String function = copy.fieldNames().next();
        JsonNode args = copy.get(function);
        switch (function) {
            case "Ref":
                if (!args.isTextual()) {
                    throw new IllegalStateException(where + ": Ref of " + args + " does not resolve to a name");
                }
                return args;
            case "Fn::GetAtt":
                if (!args.isArray() || args.size() != 2 || !args.get(0).isTextual() || !args.get(1).isTextual()) {
                    throw new IllegalStateException(where + ": Fn::GetAtt of " + args
                            + " does not resolve to a name and an attribute");
                }
                return new TextNode(args.get(0).asText() + "." + args.get(1).asText());
            case "Fn::FindInMap": {
                if (!args.isArray() || args.size() != 3) {
                    throw new IllegalStateException(where + ": Fn::FindInMap " + args + " (a DefaultValue?) is not"
                            + " handled");
                }
                for (JsonNode key : args) {
                    if (!key.isTextual()) {
                        throw new IllegalStateException(where + ": Fn::FindInMap " + args + " has a key that is not"
                                + " literal");
                    }
                }
                JsonNode found = mappings.path(args.get(0).asText()).path(args.get(1).asText())
                        .path(args.get(2).asText());
                if (found.isMissingNode()) {
                    throw new IllegalStateException(where + ": Fn::FindInMap " + args + " finds nothing in Mappings");
                }
                return found;
            }
            case "Fn::Sub": {
                if (args.isTextual()) {
                    return args;
                }
                if (!args.isArray() || args.size() != 2 || !args.get(0).isTextual() || !args.get(1).isObject()) {
                    throw new IllegalStateException(where + ": Fn::Sub " + args + " is not handled");
                }
                JsonNode variables = args.get(1);
                Matcher m = SUB_VARIABLE.matcher(args.get(0).asText());
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    JsonNode variable = variables.path(m.group(1));
                    if (!variable.isMissingNode() && !variable.isTextual()) {
                        throw new IllegalStateException(where + ": Fn::Sub variable " + m.group(1) + " is not literal");
                    }
                    m.appendReplacement(out, Matcher.quoteReplacement(
                            variable.isMissingNode() ? m.group() : variable.asText()));
                }
                m.appendTail(out);
                return new TextNode(out.toString());
            }
            default:
                if (function.startsWith("Fn::")) {
                    throw new IllegalStateException(where + ": " + function + " in a loop is not handled by this"
                            + " reader");
                }
                return copy;
        }
    }

    private static void refuseForEach(JsonNode node, String where) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().startsWith("Fn::ForEach")) {
                    throw new IllegalStateException(where + ": " + e.getKey() + " here is not handled (only at the"
                            + " top of " + String.join(", ", FOR_EACH_SECTIONS) + ", with the " + LANGUAGE_EXTENSIONS
                            + " transform)");
                }
                refuseForEach(e.getValue(), where);
            });
        } else if (node.isArray()) {
            node.forEach(v -> refuseForEach(v, where));
        }
    }

    /**
     * A function of the template, as far as running and testing it locally needs.
     *
     * @param fromTheStack the variables whose values only a deployed stack knows (a resource's name or ARN, a choice
     *                     a condition makes): what `sam local invoke` needs from events/sam-local/env.json
     */
    public record Function(String logicalId, String handler, Map<String, String> environment,
                           Map<String, JsonNode> eventPatterns, List<Statement> policy, List<String> rules,
                           List<String> fromTheStack) {

        /** The class of the handler string ("guardrails.directorytrust.TrustHandler::handleRequest"). */
        public String handlerClass() {
            return handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        }

        /** The actions its policy allows (a Deny narrows, and grants nothing). */
        public List<String> iamActions() {
            return policy.stream().filter(Statement::allows).flatMap(s -> s.actions().stream()).toList();
        }
    }

    /**
     * One statement of a function's inline policy; resources as written (a !Ref or !Sub shows its argument).
     *
     * @param onlyIf the template condition a statement written as {@code !If [condition, statement, NoValue]} needs,
     *               or null
     */
    public record Statement(String sid, String effect, List<String> actions, List<String> resources,
                            List<String> notResources, JsonNode condition, String onlyIf) {
        public boolean allows() {
            return "Allow".equals(effect);
        }
    }

    public List<String> functionIds() {
        List<String> ids = new ArrayList<>();
        root.path("Resources").properties().forEach(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().path("Type").asText())) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    public Function function(String logicalId) {
        JsonNode resource = root.path("Resources").path(logicalId);
        if (!"AWS::Serverless::Function".equals(resource.path("Type").asText())) {
            throw new IllegalArgumentException("template.yaml has no function " + logicalId + "; it has "
                    + functionIds());
        }
        JsonNode properties = resource.path("Properties");
        String handler = properties.path("Handler").asText();
        Map<String, String> environment = new LinkedHashMap<>();
        root.path("Globals").path("Function").path("Environment").path("Variables").properties()
                .forEach(e -> environment.put(e.getKey(), resolve(e.getValue())));
        properties.path("Environment").path("Variables").properties()
                .forEach(e -> environment.put(e.getKey(), resolve(e.getValue())));
        List<String> fromTheStack = environment.entrySet().stream().filter(e -> e.getValue() == null)
                .map(Map.Entry::getKey).toList();
        environment.values().removeIf(v -> v == null);

        Map<String, JsonNode> patterns = new LinkedHashMap<>();
        List<String> rules = new ArrayList<>();
        properties.path("Events").properties().forEach(e -> {
            String type = e.getValue().path("Type").asText();
            if ("EventBridgeRule".equals(type) || "CloudWatchEvent".equals(type)) {
                patterns.put(e.getKey(), e.getValue().path("Properties").path("Pattern"));
            }
            if (patterns.containsKey(e.getKey()) || "Schedule".equals(type)) {
                rules.add(logicalId + e.getKey()); // the logical id SAM gives the EventBridge rule it generates
            }
        });
        List<Statement> statements = new ArrayList<>();
        for (JsonNode policy : properties.path("Policies")) {
            // An inline policy, or (as !Ref) a managed policy of this template: its document's statements.
            JsonNode document = policy.isTextual()
                    ? root.path("Resources").path(policy.asText()).path("Properties").path("PolicyDocument") : policy;
            if (policy.isTextual() && document.isMissingNode()) {
                throw new IllegalStateException(logicalId + " names a policy this template does not define: "
                        + policy.asText());
            }
            for (JsonNode written : document.path("Statement")) {
                // !If [condition, statement, !Ref AWS::NoValue] reads as a list (tags are not kept).
                String onlyIf = written.isArray() ? written.path(0).asText() : null;
                JsonNode statement = onlyIf == null ? written : written.path(1);
                statements.add(new Statement(statement.path("Sid").asText(), statement.path("Effect").asText(),
                        texts(statement.path("Action")), texts(statement.path("Resource")),
                        texts(statement.path("NotResource")), statement.path("Condition"), onlyIf));
            }
        }
        return new Function(logicalId, handler, environment, patterns, statements, List.copyOf(rules), fromTheStack);
    }

    private static List<String> texts(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> values.add(v.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return values;
    }

    /**
     * A parameter reference becomes the value given, else its default; any other reference, and a choice made by a
     * condition (!If, read as a list), is left out (null): its value comes from the stack.
     */
    private String resolve(JsonNode value) {
        if (value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        JsonNode parameter = root.path("Parameters").path(text);
        if (!parameter.isMissingNode()) {
            return parameters.getOrDefault(text, parameter.path("Default").asText());
        }
        return root.path("Resources").has(text) ? null : text;
    }
}
