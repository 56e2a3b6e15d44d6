package dev.sigil.cli.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one Jackson mapper of the CLI and tolerant accessors for the API's JSON. The CLI reads the tree model instead
 * of binding classes: fields the server adds later are carried through to {@code --output json} untouched.
 */
public final class ApiJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ApiJson() {
    }

    /** A new, empty JSON object for request bodies. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses JSON text. */
    public static JsonNode parse(byte[] json) throws java.io.IOException {
        return MAPPER.readTree(json);
    }

    /** Pretty-printed JSON. */
    public static String pretty(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /** Compact JSON, for request bodies. */
    static byte[] compact(JsonNode node) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /** A textual field, absent if missing, null or blank. */
    public static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return Optional.empty();
        }
        String s = v.asText();
        return s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    /** A textual field or the empty string. */
    public static String textOrEmpty(JsonNode node, String field) {
        return text(node, field).orElse("");
    }

    /** An RFC 3339 time field, absent if missing or unparseable. */
    public static Optional<Instant> instant(JsonNode node, String field) {
        return text(node, field).flatMap(s -> {
            try {
                return Optional.of(OffsetDateTime.parse(s).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    /** An array of strings, empty if missing. */
    public static List<String> strings(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        JsonNode v = node == null ? null : node.get(field);
        if (v != null && v.isArray()) {
            v.forEach(e -> out.add(e.asText()));
        }
        return out;
    }

    /** The elements of the {@code items} array of a list answer, empty if missing. */
    public static List<JsonNode> items(JsonNode answer) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode v = answer == null ? null : answer.get("items");
        if (v != null && v.isArray()) {
            v.forEach(out::add);
        }
        return out;
    }
}
