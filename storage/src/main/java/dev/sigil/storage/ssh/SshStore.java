package dev.sigil.storage.ssh;

import dev.sigil.storage.audit.AuditEvent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The SSH CA's state: its two CAs, the inventory of signed certificates, revocations (by serial, key id and public
 * key) and the KRL version. Every change commits together with its audit record, and returns only once durable.
 * All methods throw {@link dev.sigil.storage.StorageException}.
 */
public interface SshStore {

    /** The stored CA of this type, if created. */
    Optional<SshCaRecord> ca(SshCaType type);

    /** @throws dev.sigil.storage.StorageException CONFLICT if a CA of this type exists already */
    void addCa(SshCaRecord ca, AuditEvent event);

    /**
     * Adds a signed certificate to the inventory. Concurrent callers are group-committed (many certificates in one
     * transaction); each returns once its commit is durable. In the same transaction, after the lock revocations
     * take, the certificate's public key and key id are checked against the outright revocations.
     *
     * @throws dev.sigil.storage.SshKeyBlockedException if the public key, or the key id under that CA, is revoked (nothing recorded)
     * @throws dev.sigil.storage.StorageException CONFLICT if the serial is already used
     */
    void recordIssuance(SshCertificateRecord certificate, AuditEvent event);

    Optional<SshCertificateRecord> find(long serial);

    /** Newest first. */
    List<SshCertificateRecord> search(SshCertificateQuery query);

    /** What, if anything, is revoked outright about a key and key id Sigil is asked to certify. */
    enum Block { NONE, PUBLIC_KEY, KEY_ID }

    /**
     * Whether the public key (by fingerprint) or the key id under that CA is revoked; one round trip. For a look-up
     * only: {@link #recordIssuance} checks again, atomically with the insert.
     */
    Block blocked(String fingerprint, SshCaType type, String keyId);

    /**
     * Revokes one certificate.
     *
     * @throws dev.sigil.storage.StorageException NOT_FOUND if there is no such serial, CONFLICT if already revoked
     */
    SshRevocationResult revokeSerial(long serial, SshRevocation revocation, AuditEvent event);

    /**
     * Revokes a key id under one CA, and marks its certificates revoked.
     *
     * @throws dev.sigil.storage.StorageException CONFLICT if that key id is already revoked under that CA
     */
    SshRevocationResult revokeKeyId(SshCaType type, String keyId, SshRevocation revocation, AuditEvent event);

    /**
     * Revokes a public key outright, and marks the certificates of that key revoked.
     *
     * @param fingerprint its SHA-256 fingerprint ({@code SHA256:...})
     * @param keyType     its OpenSSH type name
     * @param blob        the key in SSH wire format
     * @throws dev.sigil.storage.StorageException CONFLICT if the key is already revoked
     */
    SshRevocationResult revokePublicKey(String fingerprint, String keyType, byte[] blob, SshRevocation revocation,
                                        AuditEvent event);

    KrlState krlState();

    /** Everything the KRL lists, consistent with the version it carries. */
    SshRevocationSnapshot revocations();

    /**
     * Moves the horizon to {@code cutoff} if that drops any listed certificate (revoked and expired at or before it),
     * increasing the version; otherwise changes nothing.
     *
     * @return the new version, or empty if nothing was due
     */
    Optional<Long> tidy(Instant cutoff, Instant at, AuditEvent event);
}
