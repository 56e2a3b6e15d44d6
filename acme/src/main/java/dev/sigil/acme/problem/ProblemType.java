package dev.sigil.acme.problem;

/** The ACME error types of RFC 8555 §6.7 (and RFC 9773's), with the HTTP status Sigil answers each with. */
public enum ProblemType {
    ACCOUNT_DOES_NOT_EXIST("accountDoesNotExist", 400),
    ALREADY_REPLACED("alreadyReplaced", 409),
    ALREADY_REVOKED("alreadyRevoked", 400),
    BAD_CSR("badCSR", 400),
    BAD_NONCE("badNonce", 400),
    BAD_PUBLIC_KEY("badPublicKey", 400),
    BAD_REVOCATION_REASON("badRevocationReason", 400),
    BAD_SIGNATURE_ALGORITHM("badSignatureAlgorithm", 400),
    CAA("caa", 403),
    COMPOUND("compound", 403),
    CONNECTION("connection", 400),
    DNS("dns", 400),
    EXTERNAL_ACCOUNT_REQUIRED("externalAccountRequired", 403),
    INCORRECT_RESPONSE("incorrectResponse", 400),
    INVALID_CONTACT("invalidContact", 400),
    MALFORMED("malformed", 400),
    ORDER_NOT_READY("orderNotReady", 403),
    RATE_LIMITED("rateLimited", 429),
    REJECTED_IDENTIFIER("rejectedIdentifier", 400),
    SERVER_INTERNAL("serverInternal", 500),
    TLS("tls", 400),
    UNAUTHORIZED("unauthorized", 403),
    UNSUPPORTED_CONTACT("unsupportedContact", 400),
    UNSUPPORTED_IDENTIFIER("unsupportedIdentifier", 400),
    USER_ACTION_REQUIRED("userActionRequired", 403),
    /** Not an RFC 8555 type: the resource does not exist (answered as 404 with type malformed). */
    NOT_FOUND("malformed", 404),
    /** Not an RFC 8555 type: wrong method or content type (405/415 with type malformed). */
    METHOD_NOT_ALLOWED("malformed", 405),
    UNSUPPORTED_MEDIA_TYPE("malformed", 415);

    public static final String PREFIX = "urn:ietf:params:acme:error:";

    private final String name;
    private final int status;

    ProblemType(String name, int status) {
        this.name = name;
        this.status = status;
    }

    /** The full type URI, e.g. {@code urn:ietf:params:acme:error:badNonce}. */
    public String uri() {
        return PREFIX + name;
    }

    public int status() {
        return status;
    }
}
