package guardrails.cli;

import guardrails.bench.FunctionJar;
import guardrails.local.FieldKit;
import com.fasterxml.jackson.databind.JsonNode;
import guardrails.local.AlertInbox;
import guardrails.local.CloudTrailEvents;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.Template;
import guardrails.shared.directory.Trust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


/**
 * The jars `sam build` ships are shaded into one self-contained jar each; the shade step merges service files and
 * drops signatures, so each deployable jar runs its field case here, in a fresh JVM with Lambda's flags, in REMEDIATE
 * mode against the emulator: alerts published, remediation attempted, the redelivery recognised (DynamoDB's
 * conditional-check failure unmarshalled), and an unusable event turned away, all by the jar alone.
 */
class DeployableJarTest {

    static final LocalAws AWS = LocalAws.shared();

    static List<FieldKit> cases() {
        return FieldKit.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theDeployableJarHandlesItsFieldCaseAndItsRedelivery(FieldKit c) throws Exception {
        AWS.reset();
        LocalAws.Deployment deployment = AWS.deploy("REMEDIATE");
        String event = c.arrange(FieldScenario.seed(AWS));
        FunctionJar jar = new FunctionJar(Template.load().function(c.function()), AWS, deployment);

        JsonNode first = CloudTrailEvents.parse(jar.invoke(event));
        List<String> published = rules(deployment.inbox().drain());
        JsonNode again = CloudTrailEvents.parse(jar.invoke(event));
        List<String> republished = rules(deployment.inbox().drain());
        JsonNode unusable = CloudTrailEvents.parse(jar.invoke("{\"detail-type\": 7}"));

        assertEquals("handled", first.path("status").asText(), first.toString());
        assertEquals(c.expectedRules().stream().sorted().toList(), published);
        assertEquals("handled", again.path("status").asText(), again.toString());
        assertTrue(republished.isEmpty(), "the redelivery published " + republished);
        assertEquals("ignored", unusable.path("status").asText(), unusable.toString());

        // Log4j's configuration and plugin caches survived the shading: Powertools' JSON lines, no Log4j complaint.
        String output = jar.output("{\"id\": \"jar-check\", \"detail-type\": 7}", List.of(),
                java.util.Map.of("POWERTOOLS_LOG_LEVEL", "INFO"));
        assertFalse(output.contains("StatusLogger") || output.contains("SLF4J"), output);
        JsonNode line = output.lines().filter(l -> l.startsWith("{") && l.contains("\"event ignored\""))
                .map(CloudTrailEvents::parse).findFirst().orElseThrow(() -> new AssertionError(output));
        assertEquals("jar-check", line.path("correlation_id").asText(), line.toString());
        // Powertools' layout (its Lambda context keys; the launcher gives no context, so they are null here).
        assertTrue(line.has("function_request_id") && line.has("function_name"), line.toString());
    }

    /**
     * Where SnapStart is off, a class-data archive could be shipped beside the jar (docs/benchmarks.md). It must
     * never cost the function: an archive made for another jar, or a damaged one, is ignored and the event handled.
     */
    @Test
    void aClassDataArchiveThatDoesNotMatchIsIgnoredNeverFatal(@TempDir Path dir) throws Exception {
        AWS.reset();
        LocalAws.Deployment deployment = AWS.deploy("ALERT");
        FieldKit trust = cases().stream().filter(c -> c.function().startsWith("DirectoryTrust")).findFirst()
                .orElseThrow();
        String event = trust.arrange(FieldScenario.seed(AWS));
        FunctionJar jar = new FunctionJar(Template.load().function(trust.function()), AWS, deployment);
        FunctionJar other = new FunctionJar(Template.load().function("DefenderDefinitionsFunction"), AWS,
                deployment);

        Path foreign = dir.resolve("foreign.jsa");
        Path parseOnly = Files.writeString(dir.resolve("event.json"), event);
        Process dump = new ProcessBuilder(other.command(List.of("-XX:ArchiveClassesAtExit=" + foreign), "--parse-only",
                parseOnly.toString())).redirectErrorStream(true).start();
        dump.getInputStream().readAllBytes();
        assertEquals(0, dump.waitFor());
        assertTrue(Files.size(foreign) > 0, "an archive was made for the other function's jar");
        Path damaged = Files.write(dir.resolve("damaged.jsa"), new byte[64 * 1024]);

        for (Path archive : List.of(foreign, damaged, dir.resolve("missing.jsa"))) {
            JsonNode result = CloudTrailEvents.parse(jar.invoke(CloudTrailEvents.renew(event),
                    List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto")));
            assertEquals("handled", result.path("status").asText(), archive + ": " + result);
        }
        assertEquals(List.of("TRUST_NOT_TWO_WAY"), rules(deployment.inbox().drain()), "alerted once, as ever");
    }

    /** The libraries every function runs: the Lambda and Powertools libraries, the SDK's core, JSON, logging. */
    static final List<String> COMMON_LIBRARIES = List.of(
            "guardrails/shared/", "com/amazonaws/services/lambda/runtime/", "com/fasterxml/jackson/",
            "software/amazon/lambda/powertools/", "software/amazon/cloudwatchlogs/emf/", "org/aspectj/", "org/crac/",
            "org/javatuples/", "org/apache/logging/log4j/", "org/apache/logging/slf4j/", "org/slf4j/",
            "org/joda/time/", "org/apache/commons/lang3/", // Powertools metrics' own dependency
            // The SDK's core (signing, protocols, retries, waiters' JMESPath) and its two HTTP clients: URL
            // connection for every client, Apache's for Security Hub's PATCH (AwsClients.buildForPatch).
            "software/amazon/awssdk/", "software/amazon/eventstream/", "io/burt/jmespath/", "org/reactivestreams/",
            "org/apache/http/", "org/apache/commons/logging/", "org/apache/commons/codec/");
    /** The SDK service clients of the shared module: alerts, the findings table, Security Hub. */
    static final List<String> SHARED_SERVICES = List.of("sns", "dynamodb", "securityhub");
    /** Each function's own service clients, as its guardrail declares them ("ssm" for those that can act). */
    static final java.util.Map<String, List<String>> SERVICES = guardrails.shared.registry.Guardrail.all().stream().collect(
            java.util.stream.Collectors.toMap(guardrails.shared.registry.Guardrail::logicalId,
                    guardrails.shared.registry.Guardrail::serviceClients));
    static final String POWERTOOLS_PARAMETERS = "software/amazon/lambda/powertools/parameters/";

    /**
     * Nothing a function does not run is shipped: every class in its deployable jar is its own, a common library's,
     * or one of its SDK service clients. (Netty and the SDK's Netty client once came in through the test-scoped
     * emulator module: about 2,700 classes no function loads.)
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void theDeployableJarShipsOnlyWhatItsFunctionRuns(String logicalId) throws Exception {
        Path jar = FunctionJar.jarOf(FunctionJar.root(), logicalId);
        String own = "guardrails/" + Template.load().function(logicalId).handler().split("\\.")[1] + "/";
        List<String> services = java.util.stream.Stream.concat(SHARED_SERVICES.stream(),
                SERVICES.get(logicalId).stream()).toList();
        java.util.Set<String> unexpected = new java.util.TreeSet<>();
        java.util.Set<String> servicesShipped = new java.util.TreeSet<>();
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            zip.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/"))
                    .forEach(name -> {
                        if (name.startsWith("software/amazon/awssdk/services/")) {
                            String service = name.split("/")[4];
                            servicesShipped.add(service);
                            if (!services.contains(service)) {
                                unexpected.add("software/amazon/awssdk/services/" + service + "/");
                            }
                        } else if (name.startsWith(POWERTOOLS_PARAMETERS) && !services.contains("ssm")) {
                            unexpected.add(POWERTOOLS_PARAMETERS);
                        } else if (name.startsWith("software/amazon/awssdk/http/nio/")) {
                            unexpected.add("software/amazon/awssdk/http/nio/");
                        } else if (!name.startsWith(own) && COMMON_LIBRARIES.stream().noneMatch(name::startsWith)) {
                            String[] parts = name.split("/");
                            unexpected.add(String.join("/", java.util.Arrays.copyOf(parts, Math.min(3,
                                    parts.length - 1))) + "/");
                        }
                    });
        }
        assertEquals(java.util.Set.of(), unexpected, jar + " ships what its function does not run");
        assertEquals(new java.util.TreeSet<>(services), servicesShipped, "each service client it calls, no other");
    }

    static List<String> functions() {
        return List.copyOf(SERVICES.keySet());
    }

    private static List<String> rules(List<AlertInbox.Alert> alerts) {
        return alerts.stream().map(AlertInbox.Alert::rule).sorted().toList();
    }
}
