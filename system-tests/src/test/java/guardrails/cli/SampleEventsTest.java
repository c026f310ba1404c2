package guardrails.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.local.AlertInbox;
import guardrails.local.CloudTrailEvents;
import guardrails.local.FieldKit;
import guardrails.local.LocalAws;
import guardrails.local.Template;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.Machine;

/**
 * The operator's sandbox: `./guardrails emulator --seed`, its exports, then `./guardrails invoke` on every file of
 * events/, each with every function whose EventBridge rule takes it (the sweep sample: every function with a
 * schedule). Each must mean something there: the finding events/README.md promises, alerted on the emulator's topic,
 * or a stated result (no finding, ignored); never a resource "not found" or that "no longer exists".
 */
class SampleEventsTest {

    /** The guardrails these tests take as examples: G2 remembers a trust's domain, G1's sample is the flagship. */
    static final String G1 = "WorkspaceCreationFunction";
    static final String G2 = "DirectoryTrustFunction";

    /**
     * Sample -> each function that takes it -> the rules of its findings, sorted, as each guardrail's field kit says
     * ({@link FieldKit#samples()}, empty: a stated "no finding"; {@link FieldKit#IGNORED}: the event ignored, with its
     * reason). A sample no kit names must be taken by no function.
     */
    static final Map<String, Map<String, List<String>>> EXPECTED = expected();

    private static Map<String, Map<String, List<String>>> expected() {
        Map<String, Map<String, List<String>>> expected = new TreeMap<>();
        for (FieldKit kit : FieldKit.all()) {
            kit.samples().forEach((sample, rules) -> expected.computeIfAbsent(sample, s -> new TreeMap<>())
                    .put(kit.function(), rules));
        }
        return expected;
    }

    /** What must never be said of a resource a sample names: the seeded account lacks it. */
    static final List<String> NOTHING_THERE = List.of("not found", "no longer exists");

    /** Runs `./guardrails emulator --seed`'s preparation afresh; returns what it told the operator to export. */
    record Seeded(Map<String, String> exported, AlertInbox inbox) {
    }

    static Seeded seedAsTheEmulatorCommandDoes(LocalAws aws, Path seededIds) throws Exception {
        aws.reset();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        LocalAws.Deployment deployment = Emulator.prepare(aws, true, new PrintStream(text, true,
                StandardCharsets.UTF_8), seededIds);
        Map<String, String> exported = new LinkedHashMap<>();
        text.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("export ")).forEach(line -> {
            String assignment = line.substring("export ".length());
            exported.put(assignment.substring(0, assignment.indexOf('=')),
                    assignment.substring(assignment.indexOf('=') + 1));
        });
        deployment.inbox().drain(); // what seeding itself alerted is no sample's
        return new Seeded(exported, deployment.inbox());
    }

    /** One invocation as `./guardrails invoke` makes it: its exit status, standard output and standard error. */
    record Invoked(int status, String out, String err, List<AlertInbox.Alert> alerts) {
    }

    static Invoked invoke(String function, Path sample, Map<String, String> exported, AlertInbox inbox)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.invoke(function, sample, exported, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Invoked(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                inbox.drain());
    }

    static Stream<Path> samples() throws Exception {
        try (Stream<Path> files = Files.list(CloudTrailEvents.eventsDir())) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    /** A kit names only samples that are there (each sample's routing is checked below, named by a kit or not). */
    @Test
    void everySampleAKitNamesIsInEvents() throws Exception {
        Set<String> files = samples().map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors
                .toCollection(TreeSet::new));
        assertTrue(files.containsAll(EXPECTED.keySet()), "a field kit names a sample events/ lacks: "
                + EXPECTED.keySet() + " vs " + files);
    }

    /**
     * Each sample invoked first on a freshly seeded emulator, with what `emulator --seed` printed to export: the
     * findings promised, each alerted on the emulator's topic, or the stated result; nothing missing.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theSampleMeansSomethingInTheSeededAccount(Path sample) throws Exception {
        LocalAws aws = LocalAws.shared();
        Seeded seeded = seedAsTheEmulatorCommandDoes(aws, Files.createTempDirectory("emulator")
                .resolve("seeded-ids.json"));
        Map<String, List<String>> expected = EXPECTED.getOrDefault(sample.getFileName().toString(), Map.of());

        assertEquals(new TreeSet<>(expected.keySet()), functionsTaking(sample), "the functions its rules reach");
        for (var function : new TreeSet<>(expected.keySet())) {
            Invoked invoked = invoke(function, sample, seeded.exported(), seeded.inbox());
            String said = function + " on " + sample.getFileName() + ":\n" + invoked.out() + invoked.err();

            assertEquals(0, invoked.status(), said);
            for (String missing : NOTHING_THERE) {
                assertFalse((invoked.out() + invoked.err()).toLowerCase(java.util.Locale.ROOT).contains(missing),
                        "says \"" + missing + "\": " + said);
            }
            JsonNode result = CloudTrailEvents.parse(invoked.out());
            List<String> rules = new ArrayList<>();
            result.path("findings").forEach(f -> rules.add(f.path("rule").asText()));
            java.util.Collections.sort(rules);
            if (expected.get(function).equals(FieldKit.IGNORED)) {
                assertEquals("ignored", result.path("status").asText(), said);
                assertFalse(result.path("reason").asText().isEmpty(), "the reason is stated: " + said);
            } else {
                assertEquals("handled", result.path("status").asText(), said);
                assertEquals(expected.get(function), rules, said);
                assertEquals(0, result.path("alreadyReported").size(), "new to a fresh account: " + said);
            }
            List<String> alerted = new ArrayList<>(invoked.alerts().stream().map(AlertInbox.Alert::rule).toList());
            java.util.Collections.sort(alerted);
            assertEquals(rules, alerted, "each finding alerted once on the emulator's topic: " + said);
            if (!sample.getFileName().toString().equals("aws.events-ScheduledEvent.json")) {
                assertTrue(invoked.err().contains("seeded ids: replaced "), "the ids filled in are said: " + said);
            }
        }
    }

    /** The trust's domain known from a sweep, its deletion is what the table promises: the WorkSpaces that depend on it. */
    @Test
    void deletingTheTrustAfterASweepNamesTheWorkSpacesThatDependOnIt() throws Exception {
        LocalAws aws = LocalAws.shared();
        Seeded seeded = seedAsTheEmulatorCommandDoes(aws, Files.createTempDirectory("emulator")
                .resolve("seeded-ids.json"));
        invoke(G2, CloudTrailEvents.eventsDir().resolve("aws.events-ScheduledEvent.json"), seeded.exported(),
                seeded.inbox());

        Invoked deleted = invoke(G2, CloudTrailEvents.eventsDir().resolve("aws.ds-DeleteTrust.json"),
                seeded.exported(), seeded.inbox());

        assertEquals(List.of("TRUST_DELETED_WITH_WORKSPACES"), deleted.alerts().stream().map(AlertInbox.Alert::rule)
                .toList(), deleted.out() + deleted.err());
        assertEquals("CRITICAL", deleted.alerts().get(0).severity());
    }

    /**
     * Without the map (or against AWS: no AWS_ENDPOINT_URL) the event is used as written, and its illustrative
     * WorkSpace is not there: what the checks above guard against, seen to happen.
     */
    @Test
    void withoutTheSeededIdsTheFlagshipSampleNamesNothingThere() throws Exception {
        LocalAws aws = LocalAws.shared();
        Seeded seeded = seedAsTheEmulatorCommandDoes(aws, Files.createTempDirectory("emulator")
                .resolve("seeded-ids.json"));
        Map<String, String> unmapped = new LinkedHashMap<>(seeded.exported());
        unmapped.remove(guardrails.local.SeededIds.VARIABLE);

        Invoked invoked = invoke(G1, CloudTrailEvents.eventsDir()
                .resolve("aws.workspaces-CreateWorkspaces-trusted-user-linux.json"), unmapped, seeded.inbox());

        assertTrue(invoked.out().contains("no longer exists"), invoked.out());
        assertFalse(invoked.err().contains("seeded ids"), invoked.err());
    }

    /** Only an emulator's own map is applied: against AWS (no AWS_ENDPOINT_URL), or another emulator, never. */
    @Test
    void theIdsAreReplacedOnlyForTheEmulatorThatSeededThem() throws Exception {
        Path map = Files.createTempDirectory("emulator").resolve("seeded-ids.json");
        new guardrails.local.SeededIds("http://127.0.0.1:5000", Map.of("d-90670a1b2c", "d-1234567890")).write(map);
        String event = "{\"directoryId\":\"d-90670a1b2c\"}";
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        String variable = guardrails.local.SeededIds.VARIABLE;

        assertEquals(event, Main.seededIdsIn(event, Map.of(variable, map.toString()), err), "AWS itself");
        assertEquals(event, Main.seededIdsIn(event, Map.of(variable, map.toString(),
                "AWS_ENDPOINT_URL", "http://127.0.0.1:6000"), err), "an emulator started since");
        assertEquals("{\"directoryId\":\"d-1234567890\"}", Main.seededIdsIn(event, Map.of(variable, map.toString(),
                "AWS_ENDPOINT_URL", "http://127.0.0.1:5000"), err));
    }

    /** A schedule's event: EventBridge hands it to the functions directly, no pattern takes it. */
    static boolean isSchedule(String event) {
        return CloudTrailEvents.parse(event).path("detail-type").asText().equals("Scheduled Event");
    }

    /** The functions whose rules in template.yaml match the sample, as EventBridge would route it. */
    static Set<String> functionsTaking(Path sample) throws Exception {
        Template template = Template.load();
        String event = Files.readString(sample);
        Set<String> functions = new TreeSet<>();
        boolean schedule = isSchedule(event);
        for (String id : template.functionIds()) {
            Template.Function function = template.function(id);
            if (schedule) {
                if (function.rules().size() > function.eventPatterns().size()) {
                    functions.add(id); // a Schedule rule: it calls the function directly
                }
                continue;
            }
            Machine machine = Machine.builder().build();
            for (var pattern : function.eventPatterns().entrySet()) {
                machine.addRule(pattern.getKey(), pattern.getValue().toString());
            }
            if (!machine.rulesForJSONEvent(event).isEmpty()) {
                functions.add(id);
            }
        }
        return functions;
    }

}
