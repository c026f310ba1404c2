package guardrails.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import guardrails.local.CloudTrailEvents;
import guardrails.local.FieldKit;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./guardrails bench}: for each function, the cold path (a fresh JVM with Lambda's flags, the deployable jar,
 * process start to the first event handled), its boto3 peer (the same calls, checked at the wire), its floor (the
 * same JVM start parsing the same event), the warm path in process (emulator time taken out), the first invocation
 * with and without priming, and the jar's size; then the API economy of each sweep. Markdown on standard output;
 * docs/benchmarks.md explains the columns.
 */
final class Bench {

    static final int COLD_RUNS = 7;
    static final int WARM_UP = 15;
    static final int WARM_RUNS = 40;

    private Bench() {
    }

    /** {@code ./guardrails bench}: builds nothing, measures the jars the script built (docs/benchmarks.md). */
    public static void main(String[] args) throws Exception {
        System.exit(run(System.out));
    }

    static int run(java.io.PrintStream out) throws Exception {
        System.setProperty("guardrails.logLevel", "ERROR");
        Path root = CloudTrailEvents.eventsDir().getParent();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        out.println("# Benchmarks (" + java + ", " + Runtime.getRuntime().availableProcessors() + " cores)");
        out.println();
        out.println("| function | jar MB | AWS calls | cold median ms | cold CPU ms | cold peak RSS MB"
                + " | boto3 peer median ms"
                + " | peer peak RSS MB | cold / peer | floor median ms | floor with ObjectMapper ms | warm p50 ms"
                + " | warm p99 ms"
                + " | warm p50 without emulator ms | first / warm p50, unprimed | first / warm p50, primed |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        List<String> notes = new ArrayList<>();
        try (LocalAws aws = LocalAws.start()) {
            for (FieldKit c : FieldKit.all()) {
                if (!selected(c.function())) {
                    continue;
                }
                aws.reset();
                LocalAws.Deployment deployment = aws.deploy("ALERT");
                FieldScenario scenario = FieldScenario.seed(aws);
                String event = c.arrange(scenario);
                Template.Function function = Template.load().function(c.function());
                FunctionJar functionJar = new FunctionJar(function, aws, deployment);
                File jar = functionJar.jar;
                Map<String, String> env = functionJar.environment;
                String classpath = functionJar.classpath;

                // BENCH_CDS=1 evaluates an application class-data archive (JDK 19+: created at the exit of the first
                // run; one that does not match is ignored, never an error).
                List<String> javaCommand = new ArrayList<>(List.of(java));
                if ("1".equals(System.getenv("BENCH_CDS"))) {
                    // An archive older than its jar is never used, and (JDK 25) never re-created either: drop it.
                    File archive = new File(jar.getPath().replace(".jar", ".jsa"));
                    if (archive.lastModified() < jar.lastModified()) {
                        Files.deleteIfExists(archive.toPath());
                    }
                    javaCommand.add("-XX:SharedArchiveFile=" + archive.getPath());
                    javaCommand.add("-XX:+AutoCreateSharedArchive");
                }
                // BENCH_JVM_OPTS: extra flags for the cold runs, e.g. -Xlog:class+load to see what the cold path loads.
                String extra = System.getenv().getOrDefault("BENCH_JVM_OPTS", "").strip();
                if (!extra.isEmpty()) {
                    javaCommand.addAll(List.of(extra.split("\\s+")));
                }
                // Cold runs, their boto3 peer (the same calls: bench/peer.py runs the module's
                // src/test/python/boto3_peer.py) and the floor, interleaved so that the machine's drift touches all
                // three alike.
                List<String> peerCommand = List.of("python3", root.resolve("bench/peer.py").toString(),
                        FunctionJar.moduleOf(c.function()), peerCase(aws, deployment, scenario, event));
                List<long[]> cold = new ArrayList<>();
                List<long[]> peer = new ArrayList<>();
                List<long[]> floor = new ArrayList<>();
                List<long[]> mapperFloor = new ArrayList<>();
                List<String> coldCalls = List.of();
                List<String> peerCalls = List.of();
                for (int i = 0; i < COLD_RUNS; i++) {
                    Path file = Files.writeString(Files.createTempFile("event", ".json"), CloudTrailEvents.renew(event));
                    forget(aws, deployment); // every run finds, publishes and remembers, as the first one does
                    aws.standIn().resetCalls();
                    cold.add(timed(env, javaCommand, classpath, function.handlerClass(), file));
                    coldCalls = aws.standIn().calls();
                    forget(aws, deployment);
                    aws.standIn().resetCalls();
                    peer.add(timed(env, peerCommand, null, null, null));
                    peerCalls = aws.standIn().calls();
                    floor.add(timed(env, List.of(java), classpath, "--parse-only", file));
                    mapperFloor.add(timed(env, List.of(java), classpath, "--parse-with-object-mapper", file));
                }
                if (!sorted(peerCalls).equals(sorted(coldCalls))) {
                    notes.add(c.function() + ": the peer's calls differ: function " + coldCalls + ", peer "
                            + peerCalls);
                }

                LocalInvoker warm = new LocalInvoker(function, deployment.environment());
                for (int i = 0; i < WARM_UP; i++) {
                    warm.run(CloudTrailEvents.renew(event));
                }
                List<Double> total = new ArrayList<>();
                List<Double> own = new ArrayList<>();
                for (int i = 0; i < WARM_RUNS; i++) {
                    String next = CloudTrailEvents.renew(event);
                    aws.standIn().resetCalls();
                    long start = System.nanoTime();
                    warm.run(next);
                    long took = System.nanoTime() - start;
                    total.add(took / 1e6);
                    own.add((took - aws.standIn().answeringNanos()) / 1e6);
                }
                Path primingEvent = Files.writeString(Files.createTempFile("event", ".json"), CloudTrailEvents.renew(event));
                String unprimed = firstToWarm(env, javaCommand, classpath, "--unprimed", function, primingEvent);
                String primed = firstToWarm(env, javaCommand, classpath, "--primed", function, primingEvent);
                out.printf(Locale.ROOT, "| %s | %.1f | %d | %d | %d | %d | %d | %d | %.2f | %d | %d | %.1f | %.1f | %.1f"
                                + " | %s | %s |%n",
                        c.function(), jar.length() / 1048576.0, coldCalls.size(), median(cold, 0), median(cold, 2),
                        median(cold, 1) / 1024, median(peer, 0), median(peer, 1) / 1024,
                        median(cold, 0) / (double) median(peer, 0), median(floor, 0), median(mapperFloor, 0),
                        percentile(total, 50),
                        percentile(total, 99), percentile(own, 50), unprimed, primed);
            }
            out.println();
            notes.forEach(out::println);
            if (selected("economy")) {
                out.println();
                out.println("## API economy: calls per sweep, counted at the wire");
                out.println();
                ApiEconomy.run(aws, out);
            }
        }
        return 0;
    }

    /** The case's ids the peer needs, as JSON. */
    static String peerCase(LocalAws aws, LocalAws.Deployment deployment, FieldScenario scenario, String event) {
        ObjectNode json = (ObjectNode) CloudTrailEvents.parse("{}");
        json.put("endpoint", aws.endpoint().toString());
        json.put("topic", deployment.topicArn());
        json.put("table", deployment.table());
        json.put("directoryId", scenario.directoryId);
        json.put("trustId", scenario.trustId);
        json.put("domain", FieldScenario.TRUSTED_DOMAIN);
        json.put("updateDocument", deployment.environment().get("DEFENDER_UPDATE_DOCUMENT"));
        var pending = CloudTrailEvents.parse(event).path("detail").path("responseElements").path("pendingRequests");
        if (pending.size() > 0) {
            json.put("workspaceId", pending.get(0).path("workspaceId").asText());
        }
        var groupId = CloudTrailEvents.parse(event).path("detail").path("requestParameters").path("groupId");
        if (groupId.isTextual()) {
            json.put("securityGroupId", groupId.asText());
        }
        var targetGroups = CloudTrailEvents.parse(event).path("detail").path("responseElements").path("targetGroups");
        if (targetGroups.size() > 0) {
            json.put("targetGroupArn", targetGroups.get(0).path("targetGroupArn").asText());
        }
        return json.toString();
    }

    static List<String> sorted(List<String> calls) {
        return calls.stream().sorted().toList();
    }

    /** Empties the findings table: the next run finds, publishes and remembers everything again. */
    static void forget(LocalAws aws, LocalAws.Deployment deployment) {
        var dynamodb = aws.client(software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder());
        dynamodb.scanPaginator(r -> r.tableName(deployment.table())).items().forEach(item ->
                dynamodb.deleteItem(r -> r.tableName(deployment.table()).key(Map.of("pk", item.get("pk")))));
    }

    /** BENCH_ONLY=G1,G3,economy (or logical ids) measures only those functions, or the API economy. */
    static boolean selected(String function) {
        String only = System.getenv().getOrDefault("BENCH_ONLY", "").strip();
        if (only.isEmpty()) {
            return true;
        }
        String number = function.equals("economy") ? "economy" : FunctionJar.guardrailNumber(function);
        return List.of(only.split(",")).stream().map(String::strip)
                .anyMatch(o -> o.equals(number) || o.equals(function));
    }

    /** In one fresh JVM: the first invocation's time over the next ones' median, with or without priming. */
    static String firstToWarm(Map<String, String> env, List<String> javaCommand, String classpath, String mode,
                              Template.Function function, Path event) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "RSSKB=%M"));
        command.addAll(javaCommand);
        command.addAll(FunctionJar.LAMBDA_FLAGS);
        command.addAll(List.of("-cp", classpath, "guardrails.bench.ColdInvoke", mode, function.handlerClass(),
                event.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        var match = java.util.regex.Pattern.compile("FIRST_MS=([0-9.]+) WARM_P50_MS=([0-9.]+)").matcher(output);
        if (!match.find()) {
            throw new IllegalStateException(mode + " run failed: " + output);
        }
        double first = Double.parseDouble(match.group(1));
        double warm = Double.parseDouble(match.group(2));
        return String.format(Locale.ROOT, "%.0f / %.0f = %.1fx", first, warm, first / warm);
    }

    /** Runs a fresh process under /usr/bin/time; returns {wall ms, peak RSS kB, user + system CPU ms}. */
    static long[] timed(Map<String, String> env, List<String> command, String classpath, String handler, Path event)
            throws Exception {
        List<String> full = new ArrayList<>(List.of("/usr/bin/time", "-f", "RSSKB=%M CPUS=%U+%S"));
        full.addAll(command);
        if (classpath != null) {
            full.addAll(FunctionJar.LAMBDA_FLAGS);
            full.addAll(List.of("-cp", classpath, "guardrails.bench.ColdInvoke", handler, event.toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        int status = process.waitFor();
        long wall = (System.nanoTime() - start) / 1_000_000;
        if (status != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        var usage = java.util.regex.Pattern.compile("RSSKB=(\\d+) CPUS=([0-9.]+)\\+([0-9.]+)").matcher(output);
        if (!usage.find()) {
            throw new IllegalStateException("no /usr/bin/time figures in: " + output);
        }
        long cpuMillis = Math.round((Double.parseDouble(usage.group(2)) + Double.parseDouble(usage.group(3))) * 1000);
        return new long[] {wall, Long.parseLong(usage.group(1)), cpuMillis};
    }

    static long median(List<long[]> runs, int column) {
        List<Long> values = new ArrayList<>(runs.stream().map(r -> r[column]).toList());
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
