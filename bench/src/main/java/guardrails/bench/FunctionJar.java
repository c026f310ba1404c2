package guardrails.bench;

import guardrails.local.LocalAws;
import guardrails.local.Template;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function's deployable jar (shaded: what `sam build` ships), run in a fresh JVM with Lambda's flags against the
 * local emulator, through {@link ColdInvoke}. The benchmarks time it; the system tests check that the jar alone holds
 * everything the function needs.
 */
public final class FunctionJar {

    /** Lambda java21 at 512 MB: SerialGC, C1 only, MaxHeapSize as the runtime sets it. */
    public static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-XX:MaxHeapSize=445645k", "-Xshare:auto",
            // The function sees 512 MB of memory (its cgroup), not this machine's: initial heap and GC sizing follow.
            "-XX:MaxRAM=512m");

    public final Template.Function function;
    public final File jar;
    public final Map<String, String> environment;
    public final String classpath;

    public FunctionJar(Template.Function function, LocalAws aws, LocalAws.Deployment deployment) throws IOException {
        this.function = function;
        Path root = root();
        this.jar = jarOf(root, function.logicalId()).toFile();
        Map<String, String> env = new HashMap<>(function.environment());
        env.putAll(deployment.environment());
        env.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("POWERTOOLS_LOG_LEVEL", "ERROR");
        env.put("AWS_EMF_ENVIRONMENT", "Lambda"); // EMF lines on standard output, as in Lambda
        this.environment = env;
        this.classpath = jar + File.pathSeparator + launcherJar(root);
    }

    public static Path root() {
        return guardrails.local.CloudTrailEvents.eventsDir().getParent();
    }

    public static Path jarOf(Path root, String logicalId) throws IOException {
        Path target = root.resolve("functions").resolve(moduleOf(logicalId)).resolve("target");
        try (var files = Files.list(target)) {
            return files.filter(p -> p.toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no deployable jar in " + target
                            + ": build it with mvn package"));
        }
    }

    /** The process command: java, extra JVM flags, Lambda's flags, ColdInvoke and its arguments. */
    public List<String> command(List<String> jvmFlags, String... invokeArguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(LAMBDA_FLAGS);
        command.addAll(List.of("-cp", classpath, "guardrails.bench.ColdInvoke"));
        command.addAll(List.of(invokeArguments));
        return command;
    }

    /** Handles one event in a fresh JVM; returns what the handler wrote (its summary). */
    public String invoke(String event) throws Exception {
        return invoke(event, List.of());
    }

    /** The same, with extra JVM flags (as JAVA_TOOL_OPTIONS would add them in Lambda). */
    public String invoke(String event, List<String> jvmFlags) throws Exception {
        String output = output(event, jvmFlags, Map.of());
        return output.lines().filter(l -> l.startsWith(ColdInvoke.RESULT_MARK)).findFirst()
                .map(l -> l.substring(ColdInvoke.RESULT_MARK.length()))
                .orElseThrow(() -> new IllegalStateException("no handler output: " + output));
    }

    /** Everything the JVM printed while handling one event (log lines included), with extra environment. */
    public String output(String event, List<String> jvmFlags, Map<String, String> extraEnvironment) throws Exception {
        Path file = Files.writeString(Files.createTempFile("event", ".json"), event);
        try {
            ProcessBuilder builder = new ProcessBuilder(command(jvmFlags, "--print", function.handlerClass(),
                    file.toString())).redirectErrorStream(true);
            builder.environment().putAll(environment);
            builder.environment().putAll(extraEnvironment);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            int status = process.waitFor();
            if (status != 0) {
                throw new IllegalStateException(jar.getName() + " exited " + status + ": " + output);
            }
            return output;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** ColdInvoke (and its nested classes) alone in a jar: class-data sharing accepts only jars on the class path. */
    public static Path launcherJar(Path root) throws IOException {
        Path jar = root.resolve("bench/target/cold-invoke.jar");
        Path classes = root.resolve("bench/target/classes");
        List<Path> entries;
        try (var files = Files.list(classes.resolve("guardrails/bench"))) {
            entries = files.filter(f -> f.getFileName().toString().matches("ColdInvoke(\\$.*)?\\.class")).sorted()
                    .toList();
        }
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            for (Path entry : entries) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(entry).toString()));
                out.write(Files.readAllBytes(entry));
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * "G5", as the README and the bench's BENCH_ONLY name a function: the start of its Description in template.yaml
     * ("G5 - checks ..."), so a new guardrail needs no switch here.
     */
    public static String guardrailNumber(String logicalId) {
        String description = Template.load().resources("AWS::Serverless::Function").get(logicalId)
                .path("Description").asText();
        Matcher number = Pattern.compile("(G\\d+) - .*").matcher(description);
        if (!number.matches()) {
            throw new IllegalStateException(logicalId + "'s Description should start with its guardrail number"
                    + " (\"G5 - ...\"), got: " + description);
        }
        return number.group(1);
    }

    /** The Maven module a function is built from, as the Makefile's build-<LogicalId> target names it for sam build. */
    public static String moduleOf(String logicalId) {
        try {
            String makefile = Files.readString(root().resolve("Makefile"));
            Matcher module = Pattern.compile("build-" + logicalId
                    + ":\\s*\\n\\t\\./guardrails build-function (\\S+) ").matcher(makefile);
            if (!module.find()) {
                throw new IllegalStateException("the Makefile has no build-" + logicalId + " target");
            }
            return module.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
