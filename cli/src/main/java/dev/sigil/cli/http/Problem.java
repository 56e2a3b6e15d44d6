package dev.sigil.cli.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 7807 problem document as the Sigil API sends it.
 *
 * @param type   e.g. {@code urn:sigil:problem:policy}; empty if the server sent none
 * @param title  short summary, e.g. {@code Refused by policy}; empty if none
 * @param status the HTTP status
 * @param detail the explanation for this occurrence, if any
 */
public record Problem(String type, String title, int status, Optional<String> detail) {

    /** Prefix of Sigil's problem types; the rest is the stable kind such as {@code policy}. */
    public static final String TYPE_PREFIX = "urn:sigil:problem:";

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
    }

    /** Reads a problem body; fields missing from it are left empty, the status falls back to the HTTP one. */
    public static Problem from(JsonNode body, int httpStatus) {
        int status = body.path("status").canConvertToInt() ? body.path("status").asInt() : httpStatus;
        return new Problem(ApiJson.textOrEmpty(body, "type"), ApiJson.textOrEmpty(body, "title"), status,
                ApiJson.text(body, "detail"));
    }

    /** The kind after {@value #TYPE_PREFIX} ({@code policy}, {@code bad-csr}...), or empty for foreign types. */
    public String kind() {
        return type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length()) : "";
    }
}
