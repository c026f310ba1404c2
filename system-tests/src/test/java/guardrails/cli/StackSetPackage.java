package guardrails.cli;

import guardrails.bench.FunctionJar;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Runs the StackSets packager (tools/stackset.py, what `./guardrails package` runs after building) as a test needs
 * it. The jars are one-entry stand-ins: moto cannot run a Java function, and the real ones (about 300 MB together)
 * would be copied into every emulated account and Region; DeployableJarTest and RuntimeInterfaceClientTest hold the
 * real jars.
 */
final class StackSetPackage {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String BUCKET_PREFIX = "guardrails-code";
    /** The account that owns the code buckets, named in each bucket's name. */
    static final String BUCKET_OWNER = "111122223333";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StackSetPackage() {
    }

    /** A folder of stand-in jars, one per function module (as the Makefile names each function's). */
    static Path standInJars() throws IOException {
        Path folder = Files.createDirectories(ROOT.resolve("system-tests/target/stackset-jars"));
        for (String module : guardrails.local.Template.load().functionIds().stream().map(FunctionJar::moduleOf)
                .toList()) {
            try (var zip = new ZipOutputStream(Files.newOutputStream(folder.resolve(module + "-0-lambda.jar")))) {
                zip.putNextEntry(new ZipEntry("STAND-IN"));
                zip.write(("stand-in for " + module).getBytes());
            }
        }
        return folder;
    }

    /** Runs the packager with these arguments (and environment); its output, failing on a non-zero exit. */
    static String run(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", ROOT.resolve("tools/stackset.py").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new AssertionError("tools/stackset.py " + args[0] + " ... failed:\n" + output);
        }
        return output;
    }

    private static JsonNode expanded;

    /** The StackSet's template for eu-west-1 and us-east-1, packaged once per JVM. */
    static synchronized JsonNode expandedTemplate() throws Exception {
        if (expanded == null) {
            Path out = ROOT.resolve("system-tests/target/stackset");
            run(Map.of(), "--bucket-prefix", BUCKET_PREFIX, "--bucket-owner", BUCKET_OWNER, "--regions",
                    "eu-west-1,us-east-1", "--jars",
                    standInJars().toString(), "--out", out.toString());
            expanded = JSON.readTree(out.resolve("workspaces-guardrails.json").toFile());
        }
        return expanded;
    }
}
