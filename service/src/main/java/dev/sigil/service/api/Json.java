package dev.sigil.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.web.BodyReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * JSON at the edge: bounded, strict reading of request bodies (unknown fields are refused so that a typo never
 * passes unnoticed) and writing of responses. Jackson reads and writes bytes directly (Helidon 4.2's Jackson media
 * module is not published at this version).
 */
public final class Json {

    public static final String APPLICATION_JSON = "application/json";

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private final int maxBody;
    private final BodyReader bodies;

    /** With the default body deadline of 30 s (tests, the fuzz suite). */
    public Json(int maxBody) {
        this(new BodyReader(maxBody, Duration.ofSeconds(30)));
    }

    public Json(BodyReader bodies) {
        this.maxBody = bodies.maxBody();
        this.bodies = bodies;
    }

    /** How bodies are read (size bound and deadline), for routes that take raw bytes (ACME). */
    public BodyReader bodies() {
        return bodies;
    }

    /** Reads a JSON body into {@code type}. @throws SigilException 413, 415 or 400 with a readable detail */
    public <T> T read(ServerRequest req, Class<T> type) {
        var contentType = req.headers().contentType();
        if (contentType.isEmpty() || !contentType.get().mediaType().text().toLowerCase(Locale.ROOT).equals(APPLICATION_JSON)) {
            throw new SigilException(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "send the body as Content-Type: application/json");
        }
        var length = req.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > maxBody) {
            throw new SigilException(ErrorKind.PAYLOAD_TOO_LARGE, "the body is larger than " + maxBody + " bytes");
        }
        byte[] body;
        try {
            body = bodies.read(req);
        } catch (BodyReader.TimeoutException e) {
            throw SigilException.malformed(e.getMessage());
        } catch (IOException e) {
            throw SigilException.malformed("the request body could not be read");
        }
        if (body.length > maxBody) {
            throw new SigilException(ErrorKind.PAYLOAD_TOO_LARGE, "the body is larger than " + maxBody + " bytes");
        }
        return parse(body, type);
    }

    /**
     * Reads a JSON body already received into {@code type}: the half of {@link #read} that does not touch HTTP, so
     * the fuzz suite can drive it directly. @throws SigilException 400 (malformed) with a readable detail
     */
    public <T> T parse(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw SigilException.malformed("the request body is empty; a JSON object is expected");
        }
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw SigilException.malformed("a JSON object is expected");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw SigilException.malformed("unknown field '" + e.getPropertyName() + "'");
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : "unreadable";
            throw SigilException.malformed("the body is not valid JSON for this request: " + truncate(why));
        } catch (IllegalArgumentException e) {
            // Thrown by the request records' compact constructors: their messages are written for clients.
            throw SigilException.malformed(e.getMessage());
        }
    }

    public void send(ServerResponse res, Status status, Object body) {
        try {
            byte[] bytes = mapper.writeValueAsBytes(body);
            res.status(status);
            res.header(HeaderNames.CONTENT_TYPE, APPLICATION_JSON);
            res.send(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    public byte[] bytes(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    private static String truncate(String s) {
        String first = s == null ? "" : s.lines().findFirst().orElse("");
        return first.length() > 200 ? first.substring(0, 200) + "..." : first;
    }
}
