package dev.sigil.storage.ssh;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed SSH certificate in the inventory.
 *
 * @param serial           the certificate serial, an unsigned 64-bit number held in a long (never 0)
 * @param caType           the CA that signed it
 * @param caFingerprint    that CA key's SHA-256 fingerprint
 * @param keyId            the certificate's key id
 * @param keyType          the certified key's type as OpenSSH names it, e.g. {@code ssh-ed25519}
 * @param fingerprint      the certified key's SHA-256 fingerprint ({@code SHA256:...})
 * @param principals       user or host names, in certificate order; none contains a comma
 * @param validAfter       start of validity
 * @param validBefore      end of validity (exclusive)
 * @param status           VALID or REVOKED
 * @param revokedAt        when it was revoked, if it was
 * @param revocationReason why, if it was
 * @param issuedAt         when it was signed
 * @param requestedBy      who asked for it (token name)
 * @param certificate      the certificate in SSH wire format
 */
public record SshCertificateRecord(long serial, SshCaType caType, String caFingerprint, String keyId, String keyType,
                                   String fingerprint, List<String> principals, Instant validAfter, Instant validBefore,
                                   SshCertificateStatus status, Optional<Instant> revokedAt,
                                   Optional<String> revocationReason, Instant issuedAt, String requestedBy,
                                   byte[] certificate) {

    public SshCertificateRecord {
        if (serial == 0) {
            throw new IllegalArgumentException("SSH serial 0 is never used");
        }
        Objects.requireNonNull(caType, "caType");
        Objects.requireNonNull(caFingerprint, "caFingerprint");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(fingerprint, "fingerprint");
        principals = List.copyOf(principals);
        if (principals.isEmpty() || principals.stream().anyMatch(p -> p.isEmpty() || p.indexOf(',') >= 0)) {
            throw new IllegalArgumentException("at least one principal, none empty or with a comma");
        }
        Objects.requireNonNull(validAfter, "validAfter");
        Objects.requireNonNull(validBefore, "validBefore");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(revocationReason, "revocationReason");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(requestedBy, "requestedBy");
        certificate = Objects.requireNonNull(certificate, "certificate").clone();
    }

    /** The serial as an unsigned decimal string, as {@code ssh-keygen -L} shows it. */
    public String serialText() {
        return Long.toUnsignedString(serial);
    }

    @Override
    public byte[] certificate() {
        return certificate.clone();
    }

    /** Whether it is VALID but past its validity at {@code now}. */
    public boolean expiredAt(Instant now) {
        return status == SshCertificateStatus.VALID && !validBefore.isAfter(now);
    }
}
