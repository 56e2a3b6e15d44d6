package dev.sigil.service.ca.keys;

import java.security.PrivateKey;

/**
 * Where CA private keys live. Implementations keep keys out of the database, logs and error messages;
 * the reference they return is not secret and is what the database stores.
 */
public interface KeyCustody {

    /** Stores a newly generated CA key and returns its reference. */
    String store(String name, PrivateKey key);

    /**
     * Loads a key for signing.
     *
     * @throws KeyCustodyException if the key is missing or cannot be unlocked (wrong passphrase)
     */
    PrivateKey load(String reference, KeyType type);
}
