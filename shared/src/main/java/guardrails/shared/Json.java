package guardrails.shared;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON in and out through one Jackson {@link ObjectMapper}, built once per container and primed before the SnapStart
 * snapshot (the Lambda adapter's priming reads an event and writes an alert with it). Parse errors are Jackson's
 * {@link com.fasterxml.jackson.core.JacksonException}, whose location a caller may quote but whose message it must
 * not: it quotes the input.
 */
public final class Json {

    /** Trailing tokens after the one JSON value are an error, as an event must be exactly one object. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static JsonNode parse(byte[] json) throws IOException {
        JsonNode value = MAPPER.readTree(json);
        if (value == null || value.isMissingNode()) {
            throw new com.fasterxml.jackson.core.JsonParseException(null, "no JSON value");
        }
        return value;
    }

    public static JsonNode parse(String json) throws IOException {
        return parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Compact, on one line: log lines, metric lines, alert bodies. */
    public static String toString(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An object as plain maps, lists and scalars (the typed events' {@code detail}). */
    public static java.util.Map<String, Object> toMap(JsonNode object) {
        return MAPPER.convertValue(object, new com.fasterxml.jackson.core.type.TypeReference<>() { });
    }

    /** A record (or any bean) as a tree, by its component names. */
    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** A tree back into a record; a tree that does not fit is an {@link IllegalArgumentException}. */
    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    public static byte[] write(JsonNode node, boolean pretty) {
        try {
            return pretty ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node)
                    : MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
