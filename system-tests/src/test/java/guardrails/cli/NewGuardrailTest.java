package guardrails.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import guardrails.shared.registry.Guardrail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A guardrail lives in one place. tools/new-guardrail/add.py adds a throw-away seventh guardrail to a copy of this
 * repository (its build outputs included, so only what changed is rebuilt): the files it touched outside the new
 * module are counted (the build's module list, the Makefile target, template.yaml; no more), and its template block
 * measured; then the copy builds and runs, with the newcomer in place, the new module's own tests and the system
 * tests that iterate the guardrails (descriptors, template, alarms, priming, least privilege; the six others'
 * deployment unchanged), and cfn-lint. The copy is deleted afterwards. A template list or a check that named the
 * guardrails by hand would miss the newcomer, and fail here.
 */
class NewGuardrailTest {

    static final Path ROOT = StackSetPackage.ROOT;
    static final String NAME = "throwaway-check";
    static final String PREFIX = "ThrowawayCheck";
    /**
     * The system tests that iterate every guardrail, and TemplateForEachTest: the six guardrails of its fixture must
     * deploy what they did with a seventh beside them.
     */
    static final String CHECKS = PREFIX + "*Test,GuardrailDescriptorsTest,AlarmsTest,PipelinePrimingTest,"
            + "PrimingCoverageTest,LeastPrivilegeTest,TemplateTest,TemplateForEachTest,EventPatternsTest";

    @Test
    void aSeventhGuardrailTouchesThreeFilesOutsideItsModuleAndEveryToolFindsIt() throws Exception {
        Path copy = Files.createTempDirectory("new-guardrail");
        try {
            copyTree(ROOT, copy);
            Map<String, String> before = fingerprints(copy);
            List<String> templateBefore = Files.readAllLines(copy.resolve("template.yaml"));

            run(copy, 60, "python3", "tools/new-guardrail/add.py", "7", NAME, "Throwaway check");

            Map<String, String> after = fingerprints(copy);
            TreeSet<String> touched = new TreeSet<>();
            after.forEach((file, hash) -> {
                if (!file.startsWith("functions/" + NAME + "/") && !hash.equals(before.get(file))) {
                    touched.add(file);
                }
            });
            before.keySet().stream().filter(f -> !after.containsKey(f)).forEach(touched::add);
            assertEquals(new TreeSet<>(List.of("Makefile", "functions/pom.xml", "template.yaml")), touched,
                    "the files outside the module a new guardrail touches");
            int blockLines = Files.readAllLines(copy.resolve("template.yaml")).size() - templateBefore.size();
            assertTrue(blockLines <= 60, "its template block: " + blockLines + " lines");
            System.out.println("figure: a new guardrail touches " + touched.size() + " files outside its module; "
                    + "its template block is " + blockLines + " lines");

            try (Stream<Path> reports = Files.walk(copy)) {
                for (Path stale : reports.filter(p -> p.endsWith("surefire-reports")).toList()) {
                    deleteTree(stale); // the copied results of this run's own modules
                }
            }
            String built = run(copy, 900, "mvn", "-o", "-B", "-q", "test", "-pl", "functions/" + NAME + ",system-tests",
                    "-am", "-Dtest=" + CHECKS, "-Dsurefire.failIfNoSpecifiedTests=false");
            List<String> reports = new ArrayList<>();
            try (Stream<Path> files = Files.walk(copy.resolve("functions/" + NAME + "/target/surefire-reports"))) {
                files.filter(f -> f.toString().endsWith(".txt")).forEach(f -> reports.add(f.getFileName().toString()));
            }
            assertTrue(reports.stream().anyMatch(r -> r.contains(PREFIX + "EndToEndTest")), built);
            String descriptors = Files.readString(copy.resolve(
                    "system-tests/target/surefire-reports/guardrails.cli.GuardrailDescriptorsTest.txt"));
            assertTrue(descriptors.contains("Failures: 0, Errors: 0"), descriptors);
            // Two of AlarmsTest's checks run once per guardrail: with the newcomer, once more each.
            int withTheNewcomer = Guardrail.all().size() + 1;
            String alarms = Files.readString(copy.resolve(
                    "system-tests/target/surefire-reports/guardrails.cli.AlarmsTest.txt"));
            assertTrue(alarms.contains("Tests run: " + (2 * withTheNewcomer + 1) + ", Failures: 0, Errors: 0"),
                    "the alarm checks ran for the newcomer too: " + alarms);
            // The six deploy what they did; the newcomer's kit names the samples its rules take (the sweep's).
            for (String suite : List.of("TemplateForEachTest", "EventPatternsTest")) {
                String report = Files.readString(copy.resolve("system-tests/target/surefire-reports/guardrails.cli."
                        + suite + ".txt"));
                assertTrue(report.contains("Failures: 0, Errors: 0"), report);
            }

            run(copy, 300, "cfn-lint", "template.yaml");
        } finally {
            deleteTree(copy);
        }
    }

    /** Runs a command in the copy; its output, or a failure with the output when it exits non-zero. */
    static String run(Path directory, int seconds, String... command) throws Exception {
        Path log = Files.createTempFile("new-guardrail", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            boolean done = process.waitFor(seconds, TimeUnit.SECONDS);
            if (!done) {
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(done && process.exitValue() == 0, String.join(" ", command) + (done ? " failed" : " timed out")
                    + ":\n" + output);
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The working tree (no .git), build outputs included. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.filter(p -> !from.relativize(p).startsWith(".git")).toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(path)) {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Every source file's content hash by path (build outputs left out). */
    static Map<String, String> fingerprints(Path root) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(Files::isRegularFile).filter(p -> !root.relativize(p).toString().contains("target/"))
                    .filter(p -> !root.relativize(p).startsWith("target")).forEach(p -> {
                        try {
                            hashes.put(root.relativize(p).toString(), HexFormat.of().formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } catch (java.security.NoSuchAlgorithmException e) {
                            throw new IllegalStateException(e);
                        }
                    });
        }
        return hashes;
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
