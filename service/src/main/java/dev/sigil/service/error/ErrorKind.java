package dev.sigil.service.error;

/**
 * The registry of Sigil's error kinds: one table of problem type, HTTP status and title. Codes (the type URNs)
 * never change once released; titles may. Only the web edge turns a kind into a problem document.
 */
public enum ErrorKind {
    MALFORMED("malformed", 400, "Malformed request"),
    BAD_CSR("bad-csr", 400, "Unacceptable certificate signing request"),
    POLICY("policy", 400, "Refused by policy"),
    UNAUTHORIZED("unauthorized", 401, "Authentication required"),
    FORBIDDEN("forbidden", 403, "Not allowed for this role"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    CONFLICT("conflict", 409, "Conflict"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    TOO_MANY_REQUESTS("too-many-requests", 429, "Too many requests"),
    INTERNAL("internal", 500, "Internal error"),
    UNAVAILABLE("unavailable", 503, "Service unavailable");

    /** Prefix of every problem type URN. */
    public static final String TYPE_PREFIX = "urn:sigil:problem:";

    private final String code;
    private final int status;
    private final String title;

    ErrorKind(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String type() {
        return TYPE_PREFIX + code;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
