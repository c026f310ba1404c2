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

/** Our streaming JSON must read and write what Jackson's ObjectMapper does, on every sample event and the edges. */
class JsonTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<Path> samples() throws Exception {
        return Files.list(Path.of("..", "events")).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleEventReadsAndWritesAsObjectMapperDoes(Path sample) throws Exception {
        byte[] bytes = Files.readAllBytes(sample);
        JsonNode ours = Json.parse(bytes);

        assertEquals(MAPPER.readTree(bytes), ours);
        assertEquals(ours, MAPPER.readTree(Json.toString(ours)), "compact output reads back the same");
        assertEquals(ours, MAPPER.readTree(Json.write(ours, true)), "pretty output reads back the same");
    }

    @Test
    void numbersStringsAndDuplicatesComeOutAsObjectMapperMakesThem() throws Exception {
        String edges = "{\"int\":7,\"long\":12345678901,\"big\":123456789012345678901234567890,\"neg\":-3,"
                + "\"double\":92.5,\"exp\":1e3,\"t\":true,\"f\":false,\"n\":null,\"s\":\"\\u00e9\\n\\\"q\\\"\","
                + "\"a\":[1,[2,{}],\"x\"],\"dup\":1,\"dup\":2}";

        JsonNode ours = Json.parse(edges);

        assertEquals(MAPPER.readTree(edges), ours);
        assertEquals(MAPPER.readTree(edges).toString(), Json.toString(ours));
        assertEquals(2, ours.path("dup").asInt(), "the last duplicate wins, as with ObjectMapper");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "[1,]", "{\"a\":}", "{} {}", "nul", "{\"a\" 1}", "'x'", "[1 2]"})
    void malformedInputIsAJacksonErrorAsBefore(String malformed) {
        assertThrows(JacksonException.class, () -> Json.parse(malformed));
    }

    @Test
    void scalarsAtTheTopAreValues() throws Exception {
        for (String scalar : List.of("7", "\"text\"", "null", "true", "[]")) {
            assertEquals(MAPPER.readTree(scalar), Json.parse(scalar), scalar);
        }
    }
}
