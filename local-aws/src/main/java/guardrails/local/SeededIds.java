package guardrails.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ids the files of {@code events/} name (illustrative) and what the seeded emulator gave each instead, for one
 * emulator (its endpoint: a map is good only for the emulator that seeded it). {@code ./guardrails emulator --seed}
 * writes it; {@code ./guardrails invoke} reads it when pointed at that emulator, so a sample names what is there.
 */
public record SeededIds(String endpoint, Map<String, String> ids) {

    /** The variable naming the map's file, printed with the emulator's other exports. */
    public static final String VARIABLE = "GUARDRAILS_SEEDED_IDS";

    private static final ObjectMapper JSON = new ObjectMapper();

    public SeededIds {
        ids = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ids));
    }

    /** An event's text with the ids replaced, and which were. */
    public record Rewritten(String event, List<String> replaced) {
    }

    /**
     * Replaces every illustrative id found in the text, the longest first: an ARN holds the sample's account, which is
     * replaced on its own too, and the ARN must be replaced whole.
     */
    public Rewritten rewrite(String event) {
        String text = event;
        List<String> replaced = new ArrayList<>();
        List<String> longestFirst = ids.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()
                .thenComparing(Comparator.naturalOrder())).toList();
        for (String illustrative : longestFirst) {
            if (text.contains(illustrative)) {
                text = text.replace(illustrative, ids.get(illustrative));
                replaced.add(illustrative + " -> " + ids.get(illustrative));
            }
        }
        return new Rewritten(text, List.copyOf(replaced));
    }

    public void write(Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("endpoint", endpoint);
        ObjectNode map = root.putObject("ids");
        ids.forEach(map::put);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SeededIds read(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            Map<String, String> ids = new LinkedHashMap<>();
            root.path("ids").properties().forEach(e -> ids.put(e.getKey(), e.getValue().asText()));
            return new SeededIds(root.path("endpoint").asText(), ids);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
