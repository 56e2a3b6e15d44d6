package dev.sigil.storage.managed;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One certificate a managed certificate has had.
 *
 * @param name         the managed certificate
 * @param version      1, 2, ... in issuance order
 * @param issuerId     issuer of the certificate (in the inventory)
 * @param serial       its serial
 * @param notAfter     its notAfter
 * @param encryptedKey the private key, encrypted by the service (empty in listings that do not need it)
 * @param createdAt    when this version was committed
 * @param supersededAt when a newer version replaced it
 * @param revokeAfter  when it is to be revoked (reason superseded), if the spec asks for that
 * @param revoked      whether that revocation (or any other through Sigil's managed path) happened
 */
public record ManagedVersion(String name, int version, String issuerId, String serial, Instant notAfter,
                            byte[] encryptedKey, Instant createdAt, Optional<Instant> supersededAt,
                            Optional<Instant> revokeAfter, boolean revoked) {
    public ManagedVersion {
        Objects.requireNonNull(name, "name");
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1");
        }
        Objects.requireNonNull(issuerId, "issuerId");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(encryptedKey, "encryptedKey");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(supersededAt, "supersededAt");
        Objects.requireNonNull(revokeAfter, "revokeAfter");
    }

    /** A new current version (not superseded, not revoked). */
    public static ManagedVersion fresh(String name, int version, String issuerId, String serial, Instant notAfter,
                                       byte[] encryptedKey, Instant createdAt) {
        return new ManagedVersion(name, version, issuerId, serial, notAfter, encryptedKey, createdAt, Optional.empty(),
                Optional.empty(), false);
    }

    @Override
    public String toString() {
        // The key is encrypted, but it stays out of logs all the same.
        return "ManagedVersion[" + name + " v" + version + " " + issuerId + "/" + serial + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManagedVersion v && name.equals(v.name) && version == v.version && issuerId.equals(v.issuerId)
                && serial.equals(v.serial) && notAfter.equals(v.notAfter) && java.util.Arrays.equals(encryptedKey, v.encryptedKey)
                && createdAt.equals(v.createdAt) && supersededAt.equals(v.supersededAt) && revokeAfter.equals(v.revokeAfter)
                && revoked == v.revoked;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, serial);
    }
}
