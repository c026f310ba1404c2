package guardrails.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads template.yaml the way the local runner and the tests need it: each function's handler, environment
 * (parameters resolved to their defaults, other references left to the caller's environment), EventBridge
 * patterns and IAM actions. CloudFormation's short tags (!Ref, !Sub, !GetAtt) are read as their plain values.
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
            return new Template(YAML.readTree(Files.readString(file)), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
