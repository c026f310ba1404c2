package guardrails.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The IAM actions each function was seen to need at the wire, while the test suite invoked it against the emulator:
 * one file per function in the folder the system property guardrails.wireCalls names (set for every module's
 * tests by the root pom). The least-privilege test holds the template's policies to what was really called.
 */
public final class WireCalls {

    static final String PROPERTY = "guardrails.wireCalls";
    /** Functions already recorded by this JVM: the first record starts the file afresh, so no old run lingers. */
    private static final Set<String> STARTED = new java.util.HashSet<>();

    private WireCalls() {
    }

    /** Appends the actions a function's invocation made (nothing when the property is not set). */
    static synchronized void record(String function, Collection<String> actions) {
        String folder = System.getProperty(PROPERTY);
        if (folder == null || actions.isEmpty()) {
            return;
        }
        try {
            Path file = Path.of(folder).resolve(function + ".txt");
            Files.createDirectories(file.getParent());
            boolean fresh = STARTED.add(function);
            Files.write(file, new TreeSet<>(actions), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    fresh ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every action recorded for a function in these folders. */
    public static Set<String> recorded(String function, List<Path> folders) {
        Set<String> actions = new TreeSet<>();
        for (Path folder : folders) {
            Path file = folder.resolve(function + ".txt");
            if (Files.exists(file)) {
                try (Stream<String> lines = Files.lines(file)) {
                    lines.filter(line -> !line.isBlank()).forEach(actions::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return actions;
    }
}
