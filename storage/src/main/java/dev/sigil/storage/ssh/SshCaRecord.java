package dev.sigil.storage.ssh;

import java.time.Instant;
import java.util.Objects;

/**
 * An SSH CA as stored: its public key and the custody reference of its private key (the key itself is never stored).
 *
 * @param type        user or host
 * @param keyType     the custody key type, e.g. {@code ED25519}
 * @param publicKey   the public key as an OpenSSH line ({@code ssh-ed25519 AAAA...})
 * @param fingerprint its SHA-256 fingerprint as {@code ssh-keygen -l} prints it
 * @param keyRef      where custody keeps the private key (a file name)
 * @param createdAt   when it was created
 */
public record SshCaRecord(SshCaType type, String keyType, String publicKey, String fingerprint, String keyRef,
                          Instant createdAt) {
    public SshCaRecord {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(keyRef, "keyRef");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
