package guardrails.cli;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import guardrails.local.CloudTrailEvents;
import guardrails.shared.registry.Guardrail;
import guardrails.shared.config.Mode;
import guardrails.shared.channels.AlertChannel;
import guardrails.shared.findings.Finding;
import guardrails.shared.lifecycle.Claims;
import guardrails.shared.lifecycle.RememberedStates;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.GuardrailMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;


/**
 * A seeded, reproducible corpus of broken events, made from every file in events/ (fields removed, wrong types,
 * huge strings, unicode, wrong sources, failed calls, truncated JSON, other guardrails' events), fed to every
 * function's real handler over an empty account. Each must end handled: no exception out of the handler (so no
 * retry), "ignored" with exactly one log line, or "handled"; an ignored event publishes nothing. A canary planted
 * in every field that could carry a secret must appear nowhere: not in logs, output or alerts.
 */
class BadInputCorpusTest {

    static final long SEED = 20261122L;
    static final int MUTATIONS_PER_SAMPLE = 250;
    static final String CANARY = "CANARY-secret-5b1d7e";
    static final String ARN = "arn:aws:lambda:us-east-1:111122223333:function:corpus";
    static final ObjectMapper JSON = new ObjectMapper();

    /** Counts of what the corpus tried, printed for the README's reliability figures. */
    record Outcome(int tried, int ignored, int handled, int published) {
    }

    static List<Guardrail> guardrails() {
        return Guardrail.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guardrails")
    void everyBrokenEventEndsHandledAndNothingLeaks(Guardrail guardrail) throws Exception {
        String function = guardrail.number();
        List<Finding> published = new ArrayList<>();
        RequestStreamHandler handler = handler(guardrail, published);
        Context context = mock(Context.class);
        when(context.getInvokedFunctionArn()).thenReturn(ARN);
        when(context.getFunctionName()).thenReturn("corpus");

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int ignored = 0;
        int handled = 0;
        int tried = 0;
        StringBuilder outputs = new StringBuilder();
        try {
            Random random = new Random(SEED + function.hashCode());
            for (String event : corpus(random)) {
                tried++;
                int before = published.size();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context);
                JsonNode result = JSON.readTree(out.toByteArray());
                outputs.append(result).append('\n');
                String status = result.path("status").asText();
                assertTrue(status.equals("ignored") || status.equals("handled"), result.toString());
                if (status.equals("ignored")) {
                    ignored++;
                    assertEquals(before, published.size(), "an ignored event publishes nothing");
                } else {
                    handled++;
                }
            }
        } finally {
            System.setOut(stdout);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        long ignoredLines = logs.lines().filter(l -> l.contains("\"message\":\"event ignored\"")).count();
        assertEquals(ignored, ignoredLines, "one log line per ignored event");
        assertFalse(logs.contains(CANARY), "logs");
        assertFalse(outputs.toString().contains(CANARY), "handler output");
        published.forEach(f -> assertFalse(f.toString().contains(CANARY), "alerts"));
        assertTrue(tried >= 2_000, "thousands of cases: " + tried);
        System.out.println("figure: " + function + " bad-input corpus: " + new Outcome(tried, ignored, handled, published.size()));
    }

    /**
     * Each function over an empty account: its real guard (as its descriptor builds it), reporter and adapter, fakes
     * only at the AWS boundary (Mockito's, answering nothing).
     */
    static RequestStreamHandler handler(Guardrail guardrail, List<Finding> published) {
        MemoryLedger ledger = new MemoryLedger();
        AlertChannel alerts = (finding, context) -> published.add(finding);
        GuardrailMetrics metrics = mock(GuardrailMetrics.class);
        FindingReporter reporter = new FindingReporter(ledger, ledger, alerts, metrics, Mode.REMEDIATE);
        Guardrail.Boundary fakes = new Guardrail.Boundary() {
            @Override
            public <T> T gateway(Class<T> type, java.util.function.Supplier<T> real, String... changes) {
                return mock(type);
            }
        };
        return guardrail.handler(new Guardrail.Parts(Map.of(), "us-east-1", reporter, ledger,
                guardrails.shared.lifecycle.LifecycleStore.NOWHERE, metrics, Clock.systemUTC(), fakes));
    }

    /** Every sample, then mutations of each; every case with the canary planted in its secret-looking fields. */
    static List<String> corpus(Random random) throws IOException {
        List<ObjectNode> samples = new ArrayList<>();
        try (Stream<Path> files = Files.list(CloudTrailEvents.eventsDir())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                samples.add((ObjectNode) JSON.readTree(file.toFile()));
            }
        }
        List<String> cases = new ArrayList<>();
        for (ObjectNode sample : samples) {
            cases.add(plantCanary(sample.deepCopy()).toString());
            for (int i = 0; i < MUTATIONS_PER_SAMPLE; i++) {
                cases.add(mutate(plantCanary(sample.deepCopy()), random));
            }
        }
        return cases;
    }

    static String mutate(ObjectNode event, Random random) {
        List<Supplier<String>> mutations = List.of(
                () -> { removeRandomField(event, random); return event.toString(); },
                () -> { replaceRandomValue(event, random, wrongType(random)); return event.toString(); },
                () -> { replaceRandomValue(event, random, TextNode.valueOf("x".repeat(100_000))); return event.toString(); },
                () -> { replaceRandomValue(event, random, TextNode.valueOf("\u202eevil\u0000\ud83d\udca5ユーザー")); return event.toString(); },
                () -> { event.put("source", random.nextBoolean() ? "aws.ec2" : "custom.app"); return event.toString(); },
                () -> { event.put("detail-type", "Something Else"); return event.toString(); },
                () -> { event.withObject("detail").put("errorCode", "AccessDenied"); return event.toString(); },
                () -> { event.put("account", "999999999999"); return event.toString(); },
                () -> { String text = event.toString(); return text.substring(0, random.nextInt(Math.max(1, text.length()))); },
                () -> random.nextBoolean() ? "[]" : "\"just a string\"");
        return mutations.get(random.nextInt(mutations.size())).get();
    }

    static JsonNode wrongType(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> JSON.getNodeFactory().numberNode(random.nextInt());
            case 1 -> JSON.getNodeFactory().booleanNode(true);
            case 2 -> JSON.getNodeFactory().nullNode();
            case 3 -> JSON.createArrayNode().add(1).add("two");
            default -> JSON.createObjectNode().put("nested", "object");
        };
    }

    /** Every container node with its field names, to pick from. */
    static List<Map.Entry<JsonNode, String>> fields(JsonNode root) {
        List<Map.Entry<JsonNode, String>> found = new ArrayList<>();
        collect(root, found);
        return found;
    }

    static void collect(JsonNode node, List<Map.Entry<JsonNode, String>> found) {
        if (node.isObject()) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                found.add(Map.entry(node, name));
                collect(node.get(name), found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                found.add(Map.entry(node, Integer.toString(i)));
                collect(node.get(i), found);
            }
        }
    }

    static void removeRandomField(ObjectNode event, Random random) {
        List<Map.Entry<JsonNode, String>> all = fields(event);
        Map.Entry<JsonNode, String> pick = all.get(random.nextInt(all.size()));
        if (pick.getKey() instanceof ObjectNode object) {
            object.remove(pick.getValue());
        } else if (pick.getKey() instanceof ArrayNode array) {
            array.remove(Integer.parseInt(pick.getValue()));
        }
    }

    static void replaceRandomValue(ObjectNode event, Random random, JsonNode value) {
        List<Map.Entry<JsonNode, String>> all = fields(event);
        Map.Entry<JsonNode, String> pick = all.get(random.nextInt(all.size()));
        if (pick.getKey() instanceof ObjectNode object) {
            object.set(pick.getValue(), value);
        } else if (pick.getKey() instanceof ArrayNode array) {
            array.set(Integer.parseInt(pick.getValue()), value);
        }
    }

    /** Fields that could carry a secret: passwords, keys, tokens, secrets, by name, anywhere in the event. */
    static ObjectNode plantCanary(ObjectNode event) {
        for (Map.Entry<JsonNode, String> field : fields(event)) {
            String name = field.getValue().toLowerCase(java.util.Locale.ROOT);
            if (field.getKey() instanceof ObjectNode object && (name.contains("password") || name.contains("secret")
                    || name.contains("token") || name.endsWith("keyid") || name.contains("credential"))) {
                object.put(field.getValue(), CANARY);
            }
        }
        return event;
    }

    /** The claims and remembered states in memory: same contracts, no DynamoDB. */
    static final class MemoryLedger implements Claims, RememberedStates {
        private final Map<String, String> items = new HashMap<>();

        @Override
        public Claim claim(String key) {
            if ("DONE".equals(items.get(key))) {
                return Claim.ALREADY_DONE;
            }
            items.put(key, "CLAIMED");
            return Claim.GRANTED;
        }

        @Override
        public void complete(String key) {
            items.put(key, "DONE");
        }

        @Override
        public void recordAction(String key, String action) {
            items.put("action|" + key, action);
        }

        @Override
        public java.util.Optional<Claim> recordedAction(String key) {
            return java.util.Optional.ofNullable(items.get("action|" + key))
                    .map(action -> Claim.grantedAfter(action, java.time.Instant.EPOCH));
        }

        @Override
        public void release(String key) {
            items.remove(key);
        }

        @Override
        public Map<String, String> lastStates(java.util.Collection<String> subjects) {
            Map<String, String> states = new java.util.HashMap<>();
            subjects.stream().filter(s -> items.containsKey("state|" + s))
                    .forEach(s -> states.put(s, items.get("state|" + s)));
            return states;
        }

        @Override
        public void recordStates(Map<String, String> states) {
            states.forEach((subject, state) -> items.put("state|" + subject, state));
        }
    }
}
