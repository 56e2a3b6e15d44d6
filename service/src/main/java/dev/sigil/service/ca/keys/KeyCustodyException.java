package dev.sigil.service.ca.keys;

/** A CA key could not be stored or unlocked. Messages name the key reference, never key material or passphrases. */
public final class KeyCustodyException extends RuntimeException {
    public KeyCustodyException(String message) {
        super(message);
    }

    public KeyCustodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
