package dev.sigil.storage;

/**
 * The one error type the storage layer throws. Callers branch on {@link #kind()}, never on messages,
 * and messages never carry row contents (they may reach logs).
 */
public sealed class StorageException extends RuntimeException permits SshKeyBlockedException {

    /** What went wrong, in terms a caller can act on. */
    public enum Kind {
        /** A uniqueness rule was hit: e.g. a serial already used by the issuer, a certificate revoked twice. */
        CONFLICT,
        /** The row the change refers to does not exist. */
        NOT_FOUND,
        /** The database could not be reached or the transaction did not commit; nothing was acknowledged. */
        UNAVAILABLE
    }

    private final Kind kind;

    public StorageException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
