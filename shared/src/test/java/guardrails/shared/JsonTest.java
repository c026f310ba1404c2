package guardrails.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every sample event reads and writes back the same; malformed or trailing input is an error naming no input. */
class JsonTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<Path> samples() throws Exception {
        return Files.list(Path.of("..", "events")).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleEventReadsAndWritesBackTheSame(Path sample) throws Exception {
        byte[] bytes = Files.readAllBytes(sample);
        JsonNode ours = Json.parse(bytes);

        assertEquals(MAPPER.readTree(bytes), ours);
        assertEquals(ours, MAPPER.readTree(Json.toString(ours)), "compact output reads back the same");
        assertEquals(ours, MAPPER.readTree(Json.write(ours, true)), "pretty output reads back the same");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "[1,]", "{\"a\":}", "{} {}", "nul", "{\"a\" 1}", "'x'", "[1 2]"})
    void malformedOrTrailingInputIsAJacksonError(String malformed) {
        assertThrows(JacksonException.class, () -> Json.parse(malformed));
    }

    @Test
    void scalarsAtTheTopAreValues() throws Exception {
        for (String scalar : List.of("7", "\"text\"", "null", "true", "[]")) {
            assertEquals(MAPPER.readTree(scalar), Json.parse(scalar), scalar);
        }
    }
}
