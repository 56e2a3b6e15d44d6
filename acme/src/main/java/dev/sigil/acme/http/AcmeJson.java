package dev.sigil.acme.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.problem.AcmeProblem;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * JSON as the ACME front end writes it, and the few reading helpers request payloads need. Reading the payload
 * itself is the JWS layer's (strict) job; this class only picks members out of the parsed object.
 */
public final class AcmeJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AcmeJson() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    public static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** Parses JSON this server wrote itself (e.g. a stored problem document). */
    public static JsonNode parseStored(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not valid", e);
        }
    }

    /** RFC 3339 time as ACME objects carry it (UTC, whole seconds). */
    public static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Parses an RFC 3339 date-time from a request; anything else is {@code malformed}, naming {@code member}. */
    public static Instant parseTime(String value, String member) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw AcmeProblem.malformed("\"" + member + "\" must be an RFC 3339 date-time");
        }
    }

    /** An optional string member; present but not a string is {@code malformed}. */
    public static Optional<String> optionalText(JsonNode object, String member) {
        JsonNode value = object.get(member);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw AcmeProblem.malformed("\"" + member + "\" must be a string");
        }
        return Optional.of(value.textValue());
    }

    /** A required string member. */
    public static String requiredText(JsonNode object, String member) {
        return optionalText(object, member).orElseThrow(() -> AcmeProblem.malformed("\"" + member + "\" is required"));
    }

    /** An optional boolean member; present but not a boolean is {@code malformed}. */
    public static boolean optionalBoolean(JsonNode object, String member) {
        JsonNode value = object.get(member);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw AcmeProblem.malformed("\"" + member + "\" must be true or false");
        }
        return value.booleanValue();
    }
}
