package dev.sigil.acme.port;

/** The CA refused a request; the message is safe to show to the ACME client. */
public final class CaRefusal extends RuntimeException {

    /** Why, in ACME terms the front end can map to RFC 8555 §6.7 error types. */
    public enum Reason { BAD_CSR, REJECTED_IDENTIFIER, ALREADY_REVOKED, NOT_FOUND, UNAVAILABLE }

    private final Reason reason;

    public CaRefusal(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
