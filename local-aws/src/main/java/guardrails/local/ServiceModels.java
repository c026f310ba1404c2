package guardrails.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.zip.GZIPInputStream;

/**
 * AWS's own API definitions, botocore's service models (installed with boto3 on every machine of ours), used to hold
 * the stand-in to what AWS could answer: an answer's members, types, enums and lengths, and an error's code and
 * HTTP status as the operation declares them. A stand-in answer that does not fit is not an answer AWS could give.
 */
public final class ServiceModels {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Errors any AWS service may return without declaring them per operation ("Common errors" in each API
     * reference), with the statuses they come with; and the throttling codes of the EC2 and query protocols.
     */
    private static final Map<String, List<Integer>> COMMON_ERRORS = Map.of(
            "ThrottlingException", List.of(400, 429), "Throttling", List.of(400),
            "RequestLimitExceeded", List.of(503), "InternalFailure", List.of(500),
            "ServiceUnavailable", List.of(503), "AccessDeniedException", List.of(400, 403),
            "ValidationError", List.of(400));

    /**
     * EC2's model declares no errors: its codes are listed in the EC2 API reference ("Error codes for the Amazon EC2
     * API", https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). Those a test may inject.
     */
    private static final Map<String, List<Integer>> EC2_ERRORS = Map.of(
            "UnauthorizedOperation", List.of(400, 403), "InvalidGroup.NotFound", List.of(400),
            "InvalidPermission.NotFound", List.of(400), "InvalidPermission.Duplicate", List.of(400),
            "InvalidSecurityGroupRuleId.NotFound", List.of(400), "RulesPerSecurityGroupLimitExceeded", List.of(400));

    /** The X-Amz-Target prefixes of the JSON services the stand-in serves, by botocore service name. */
    private static final Map<String, String> TARGET_PREFIXES = Map.of(
            "WorkspacesService", "workspaces", "DirectoryService_20150416", "ds", "AmazonSSM", "ssm",
            "DynamoDB_20120810", "dynamodb");

    private final Path dataDirectory;
    private final Map<String, JsonNode> models = new ConcurrentHashMap<>();

    private ServiceModels(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /** The models of the botocore that python3 imports here; fails, saying how to install it, when there is none. */
    public static ServiceModels installed() {
        try {
            Process python = new ProcessBuilder("python3", "-c",
                    "import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), 'data'))")
                    .redirectErrorStream(true).start();
            String out = new String(python.getInputStream().readAllBytes()).strip();
            if (python.waitFor() != 0 || !Files.isDirectory(Path.of(out))) {
                throw new IllegalStateException("botocore's service models are needed to check the stand-in's"
                        + " answers: python3 -m pip install boto3 (" + out + ")");
            }
            return new ServiceModels(Path.of(out));
        } catch (IOException e) {
            throw new IllegalStateException("python3 is needed to find botocore's service models", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** An operation of a service, as the stand-in names calls ("AmazonSSM.GetInventory", "/Users/DescribeUser"). */
    public record Operation(String service, String name) {
    }

    /** The model operation a stand-in call name stands for; empty for a call this class cannot place. */
    public Optional<Operation> operationOf(String call) {
        int dot = call.indexOf('.');
        if (dot > 0 && TARGET_PREFIXES.containsKey(call.substring(0, dot))) {
            return Optional.of(new Operation(TARGET_PREFIXES.get(call.substring(0, dot)), call.substring(dot + 1)));
        }
        // rest-json services, named by path: the Directory Service Data API, and Security Hub's findings (the first
        // operation of a path: GetFindings, not the deprecated UpdateFindings, for POST or PATCH /findings).
        String service = call.startsWith("/Users/") || call.startsWith("/Groups/") ? "ds-data"
                : call.startsWith("/findings") ? "securityhub" : null;
        if (service != null) {
            String path = call.replaceAll("\\?.*", "");
            for (Map.Entry<String, JsonNode> op : model(service).path("operations").properties()) {
                if (op.getValue().path("http").path("requestUri").asText().replaceAll("\\?.*", "").equals(path)) {
                    return Optional.of(new Operation(service, op.getKey()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A rest-json call named by its method and path ("GET /2015-03-31/functions/NAME/configuration"), for the
     * services whose paths carry names: the operation whose method and request URI template match.
     */
    public Optional<Operation> operationOf(String method, String path) {
        String service = path.startsWith("/2015-03-31/functions/") ? "lambda" : null;
        if (service == null) {
            return Optional.empty();
        }
        String bare = path.replaceAll("\\?.*", "");
        for (Map.Entry<String, JsonNode> op : model(service).path("operations").properties()) {
            JsonNode http = op.getValue().path("http");
            String template = http.path("requestUri").asText().replaceAll("\\?.*", "");
            String regex = java.util.regex.Pattern.quote(template).replaceAll("\\{[^}+]+\\+}", "\\\\E.+\\\\Q")
                    .replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (http.path("method").asText().equals(method) && bare.matches(regex)) {
                return Optional.of(new Operation(service, op.getKey()));
            }
        }
        return Optional.empty();
    }

    /**
     * What is wrong with an answer to a call of {@code operation}: an empty list when AWS could have given it.
     *
     * @param errorCode the error's code (x-amzn-errortype, __type or the XML Code), null for a success
     */
    public List<String> violations(Operation operation, int status, String errorCode, String body) {
        JsonNode op = model(operation.service()).path("operations").path(operation.name());
        if (op.isMissingNode()) {
            return List.of(operation + " is not an operation of the " + operation.service() + " model");
        }
        List<String> problems = new ArrayList<>();
        if (errorCode == null) {
            if (status != 200) {
                problems.add(operation + " answered " + status + " without an error code");
            } else if (op.has("output") && !shape(operation.service(), op.path("output").path("shape").asText())
                    .has("payload")) { // with a payload member (Lambda's Invoke), the body is that blob, not members
                check(operation.service(), op.path("output").path("shape").asText(), parse(body, problems), "",
                        problems, true);
            }
            return problems;
        }
        String code = errorCode.replaceAll(".*#", "").replaceAll(":.*", "");
        for (JsonNode declared : op.path("errors")) {
            String shapeName = declared.path("shape").asText();
            JsonNode shape = shape(operation.service(), shapeName);
            String declaredCode = shape.path("error").path("code").asText(shapeName);
            if (declaredCode.equals(code)) {
                int declaredStatus = shape.path("error").path("httpStatusCode").asInt(400);
                if (declaredStatus != status) {
                    problems.add(operation + ": " + code + " comes with HTTP " + declaredStatus + ", not " + status);
                }
                if (body != null && body.strip().startsWith("{")) {
                    check(operation.service(), shapeName, parse(body, problems), "", problems, false);
                }
                return problems;
            }
        }
        List<Integer> common = "ec2".equals(operation.service()) && EC2_ERRORS.containsKey(code)
                ? EC2_ERRORS.get(code) : COMMON_ERRORS.get(code);
        if (common == null) {
            problems.add(operation + " declares no error " + code + " (declared: " + declaredErrors(op) + ")");
        } else if (!common.contains(status)) {
            problems.add(operation + ": the common error " + code + " comes with HTTP " + common + ", not " + status);
        }
        return problems;
    }

    private static List<String> declaredErrors(JsonNode op) {
        List<String> names = new ArrayList<>();
        op.path("errors").forEach(e -> names.add(e.path("shape").asText()));
        return names;
    }

    private void check(String service, String shapeName, JsonNode value, String at, List<String> problems,
                       boolean output) {
        if (value == null) {
            return;
        }
        JsonNode shape = shape(service, shapeName);
        String where = at.isEmpty() ? shapeName : at;
        switch (shape.path("type").asText()) {
            case "structure" -> {
                if (!value.isObject()) {
                    problems.add(where + " is not an object");
                    return;
                }
                JsonNode members = shape.path("members");
                value.properties().forEach(field -> {
                    String name = field.getKey();
                    if (name.equals("__type") || (!output && name.equalsIgnoreCase("message"))
                            || field.getValue().isNull()) {
                        return; // protocol fields of an error body; a null reads as absent in every SDK
                    }
                    JsonNode member = members.path(name);
                    if (member.isMissingNode() || member.has("location")) {
                        problems.add(where + "." + name + " is no member of " + shapeName + " in the body");
                    } else {
                        check(service, member.path("shape").asText(), field.getValue(), where + "." + name, problems,
                                output);
                    }
                });
                for (JsonNode required : shape.path("required")) {
                    JsonNode member = members.path(required.asText());
                    boolean message = !output && required.asText().equalsIgnoreCase("message")
                            && (value.hasNonNull("message") || value.hasNonNull("Message"));
                    if (!value.hasNonNull(required.asText()) && !member.has("location") && !message) {
                        problems.add(where + " lacks the required member " + required.asText());
                    }
                }
            }
            case "list" -> {
                if (!value.isArray()) {
                    problems.add(where + " is not a list");
                    return;
                }
                int i = 0;
                for (JsonNode item : value) {
                    check(service, shape.path("member").path("shape").asText(), item, where + "[" + i++ + "]",
                            problems, output);
                }
                lengthWithin(shape, value.size(), where, problems);
            }
            case "map" -> {
                if (!value.isObject()) {
                    problems.add(where + " is not a map");
                    return;
                }
                value.properties().forEach(e -> check(service, shape.path("value").path("shape").asText(),
                        e.getValue(), where + "[" + e.getKey() + "]", problems, output));
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(where + " is not a string");
                    return;
                }
                String text = value.asText();
                if (shape.has("enum") && !contains(shape.path("enum"), text)) {
                    problems.add(where + " = " + text + " is not one of " + shape.path("enum"));
                }
                lengthWithin(shape, text.length(), where, problems);
                if (shape.has("pattern") && !matches(shape.path("pattern").asText(), text)) {
                    problems.add(where + " = " + text + " does not match " + shape.path("pattern").asText());
                }
            }
            case "integer", "long" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(where + " is not a whole number");
                }
            }
            case "double", "float" -> {
                if (!value.isNumber()) {
                    problems.add(where + " is not a number");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(where + " is not a boolean");
                }
            }
            case "timestamp" -> {
                if (!value.isNumber() && !value.isTextual()) {
                    problems.add(where + " is not a timestamp");
                }
            }
            default -> {
                // blob and document: any JSON
            }
        }
    }

    private static void lengthWithin(JsonNode shape, int length, String where, List<String> problems) {
        if (shape.has("min") && length < shape.path("min").asLong()) {
            problems.add(where + " is shorter than " + shape.path("min").asLong());
        }
        if (shape.has("max") && length > shape.path("max").asLong()) {
            problems.add(where + " is longer than " + shape.path("max").asLong());
        }
    }

    private static boolean contains(JsonNode values, String value) {
        for (JsonNode v : values) {
            if (v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** A model's pattern, where Java reads it as botocore means it; one it cannot read is not held against an answer. */
    private static boolean matches(String pattern, String text) {
        try {
            return Pattern.compile(pattern).matcher(text).find();
        } catch (PatternSyntaxException unreadable) {
            return true;
        }
    }

    private static JsonNode parse(String body, List<String> problems) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            problems.add("the body is not JSON");
            return null;
        }
    }

    private JsonNode shape(String service, String name) {
        return model(service).path("shapes").path(name);
    }

    /** A service's newest model (service-2.json, gzipped in newer botocore). */
    JsonNode model(String signingName) {
        // ELBv2 signs as "elasticloadbalancing"; botocore keeps its model under "elbv2".
        String service = "elasticloadbalancing".equals(signingName) ? "elbv2" : signingName;
        return models.computeIfAbsent(service, s -> {
            try (var versions = Files.list(dataDirectory.resolve(s))) {
                Path version = versions.filter(Files::isDirectory).max(Path::compareTo).orElseThrow();
                Path plain = version.resolve("service-2.json");
                Path gzipped = version.resolve("service-2.json.gz");
                try (InputStream in = Files.exists(plain) ? Files.newInputStream(plain)
                        : new GZIPInputStream(Files.newInputStream(gzipped))) {
                    return JSON.readTree(in);
                }
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("no botocore model for " + s.toLowerCase(Locale.ROOT) + " in "
                        + dataDirectory, e);
            }
        });
    }
}
