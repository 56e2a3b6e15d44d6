package dev.sigil.storage.acme;

/**
 * The stored states of ACME objects (RFC 8555 §7.1.6). Stored lower-case as the RFC spells them.
 * An order's {@code ready} and an authorization's {@code expired} may also be derived by the protocol layer
 * from other rows and the clock; the store keeps what was last written.
 */
public final class AcmeStatus {
    private AcmeStatus() {
    }

    public enum Account { VALID, DEACTIVATED, REVOKED }

    public enum Order { PENDING, READY, PROCESSING, VALID, INVALID }

    public enum Authorization { PENDING, VALID, INVALID, DEACTIVATED, EXPIRED, REVOKED }

    public enum Challenge { PENDING, PROCESSING, VALID, INVALID }
}
