package dev.sigil.storage.certificate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One issued certificate in the inventory.
 *
 * @param issuerId    the issuer that signed it
 * @param serial      serial number, lower-case hex without leading zeros (unique per issuer)
 * @param subjectDn   RFC 4514 subject (may be empty)
 * @param sans        subject alternative names
 * @param keyType     public key type (e.g. {@code EC_P256}, {@code RSA_2048}, {@code ED25519})
 * @param notBefore   validity start
 * @param notAfter    validity end
 * @param status      VALID or REVOKED as stored (EXPIRED is derived by queries)
 * @param revokedAt   when revoked, if revoked
 * @param revocationReason RFC 5280 CRLReason code, if revoked
 * @param owner       who the certificate belongs to (free text, e.g. a team or device batch)
 * @param label       operator label
 * @param profile     the issuance profile used
 * @param der         the DER certificate (PEM is derived from it)
 * @param issuedAt    when Sigil committed it
 * @param requestedBy the actor (token name) that asked for it
 */
public record CertificateRecord(String issuerId, String serial, String subjectDn, List<San> sans, String keyType,
                                Instant notBefore, Instant notAfter, CertificateStatus status,
                                Optional<Instant> revokedAt, Optional<Integer> revocationReason,
                                Optional<String> owner, Optional<String> label, String profile, byte[] der,
                                Instant issuedAt, String requestedBy) {

    /** Longest serial in hex: 20 octets (RFC 5280 §4.1.2.2). */
    public static final int MAX_SERIAL_HEX = 40;

    public CertificateRecord {
        Objects.requireNonNull(issuerId, "issuerId");
        Objects.requireNonNull(serial, "serial");
        if (!serial.matches("[0-9a-f]{1," + MAX_SERIAL_HEX + "}")) {
            throw new IllegalArgumentException("serial must be lower-case hex, at most 40 digits");
        }
        Objects.requireNonNull(subjectDn, "subjectDn");
        sans = List.copyOf(sans);
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(status, "status");
        if (status == CertificateStatus.EXPIRED) {
            throw new IllegalArgumentException("EXPIRED is derived, never stored");
        }
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(revocationReason, "revocationReason");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(der, "der");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(requestedBy, "requestedBy");
    }

    /** The status as seen at {@code now}: a valid certificate past notAfter is EXPIRED. */
    /** This certificate as the inventory holds it after {@code revocation} was committed. */
    public CertificateRecord revoked(RevocationRecord revocation) {
        return new CertificateRecord(issuerId, serial, subjectDn, sans, keyType, notBefore, notAfter,
                CertificateStatus.REVOKED, Optional.of(revocation.revokedAt()), Optional.of(revocation.reasonCode()),
                owner, label, profile, der, issuedAt, requestedBy);
    }

    public CertificateStatus statusAt(Instant now) {
        if (status == CertificateStatus.VALID && now.isAfter(notAfter)) {
            return CertificateStatus.EXPIRED;
        }
        return status;
    }
}
