package dev.sigil.service.api;

import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.StorageException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web edge's one translation from errors to RFC 7807 problem documents. Client mistakes keep their detail;
 * internal errors are logged with an incident id and the client gets only that id: no stack trace, no message
 * that could carry internals.
 */
public final class Problems {

    public static final String PROBLEM_JSON = "application/problem+json";
    /** Seconds a client should wait before retrying after a 503. */
    static final String RETRY_AFTER_SECONDS = "5";
    private static final System.Logger LOG = System.getLogger(Problems.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Json json;

    public Problems(Json json) {
        this.json = json;
    }

    /** Installs the error handlers (and the not-found fallback must be added last by the caller). */
    public void install(HttpRouting.Builder routing) {
        routing.error(SigilException.class, (req, res, e) -> send(res, e));
        routing.error(StorageException.class, (req, res, e) -> send(res, fromStorage(e)));
        // internal() has logged it with its incident id already: write that problem as is (send() would log again).
        routing.error(Exception.class, (req, res, e) -> write(res, internal(e, req.prologue().method().text() + " "
                + req.path().path())));
    }

    public void send(ServerResponse res, SigilException e) {
        SigilException shown = e;
        if (e.kind() == ErrorKind.INTERNAL) {
            shown = internal(e.getCause() != null ? e.getCause() : e, "request");
        } else if (e.kind() == ErrorKind.UNAVAILABLE && e.getCause() != null) {
            LOG.log(System.Logger.Level.WARNING, "service unavailable: " + e.getMessage() + " (" + e.getCause() + ")");
        }
        write(res, shown);
    }

    private void write(ServerResponse res, SigilException shown) {
        ErrorKind kind = shown.kind();
        if (kind == ErrorKind.UNAVAILABLE || kind == ErrorKind.TOO_MANY_REQUESTS) {
            res.header(HeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        res.status(Status.create(kind.status()));
        res.header(HeaderNames.CONTENT_TYPE, PROBLEM_JSON);
        res.send(json.bytes(body(kind, shown.getMessage())));
    }

    /** Storage failures that no service translated: an unreachable database is a 503, anything else a bug. */
    static SigilException fromStorage(StorageException e) {
        return switch (e.kind()) {
            case UNAVAILABLE -> new SigilException(ErrorKind.UNAVAILABLE, "the database is unavailable; try again shortly", e);
            case NOT_FOUND -> new SigilException(ErrorKind.NOT_FOUND, "not found");
            case CONFLICT -> new SigilException(ErrorKind.INTERNAL, "storage conflict", e);
        };
    }

    /** Logs an unexpected error with an incident id; returns the problem the client may see. */
    static SigilException internal(Throwable e, String where) {
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        String incident = HexFormat.of().formatHex(id);
        LOG.log(System.Logger.Level.ERROR, "incident " + incident + " in " + where, e);
        return new SigilException(ErrorKind.INTERNAL, "an internal error occurred (incident " + incident + ")");
    }

    static Map<String, Object> body(ErrorKind kind, String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", kind.type());
        p.put("title", kind.title());
        p.put("status", kind.status());
        if (detail != null && !detail.isBlank()) {
            p.put("detail", detail);
        }
        return p;
    }

    /** A problem rendered for a listener outside Helidon's routing: status, headers and the problem+json body. */
    public record Rendered(int status, Map<String, String> headers, byte[] body) {
    }

    /**
     * The same translation as the Helidon listeners get, for a listener that is not Helidon's (the relying-party
     * listener): a {@link SigilException} keeps its detail, a {@link StorageException} is translated, anything else,
     * and any {@link ErrorKind#INTERNAL}, is logged once with an incident id and shown as only that id.
     *
     * @param where method and path, for the log
     */
    public Rendered render(Throwable e, String where) {
        SigilException shown = e instanceof StorageException s ? fromStorage(s)
                : e instanceof SigilException s ? s
                : new SigilException(ErrorKind.INTERNAL, "unexpected", e);
        if (shown.kind() == ErrorKind.INTERNAL) {
            shown = internal(shown.getCause() != null ? shown.getCause() : shown, where);
        } else if (shown.kind() == ErrorKind.UNAVAILABLE && shown.getCause() != null) {
            LOG.log(System.Logger.Level.WARNING, "service unavailable: " + shown.getMessage() + " (" + shown.getCause() + ")");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", PROBLEM_JSON);
        if (shown.kind() == ErrorKind.UNAVAILABLE) {
            headers.put("Retry-After", RETRY_AFTER_SECONDS);
        }
        return new Rendered(shown.kind().status(), Map.copyOf(headers),
                json.bytes(body(shown.kind(), shown.getMessage())));
    }

    /**
     * Problem documents for errors Helidon answers before routing (malformed HTTP, oversized payloads, etc.).
     */
    public DirectHandlers directHandlers() {
        DirectHandler handler = (request, eventType, status, headers, message) -> {
            ErrorKind kind = switch (status.code()) {
                case 404 -> ErrorKind.NOT_FOUND;
                case 405 -> ErrorKind.METHOD_NOT_ALLOWED;
                case 413 -> ErrorKind.PAYLOAD_TOO_LARGE;
                case 415 -> ErrorKind.UNSUPPORTED_MEDIA_TYPE;
                case 503 -> ErrorKind.UNAVAILABLE;
                default -> status.code() >= 500 ? ErrorKind.INTERNAL : ErrorKind.MALFORMED;
            };
            String detail = status.code() >= 500 ? null : "the HTTP request was rejected: " + status.reasonPhrase();
            return DirectHandler.TransportResponse.builder()
                    .status(status.code() >= 400 && status.code() < 600 ? status : Status.BAD_REQUEST_400)
                    .headers(headers)
                    .header(HeaderNames.CONTENT_TYPE, PROBLEM_JSON)
                    .entity(new String(json.bytes(body(kind, detail)), StandardCharsets.UTF_8))
                    .build();
        };
        var b = DirectHandlers.builder();
        for (DirectHandler.EventType t : DirectHandler.EventType.values()) {
            b.addHandler(t, handler);
        }
        return b.build();
    }
}
