package dev.sigil.storage.certificate;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A revocation as committed.
 *
 * @param issuerId       issuer of the revoked certificate
 * @param serial         its serial (lower-case hex)
 * @param revokedAt      revocation time
 * @param reasonCode     RFC 5280 CRLReason code (0-10, never 7)
 * @param invalidityDate when the key is known or suspected to have been compromised, if given
 * @param revokedBy      the actor
 */
public record RevocationRecord(String issuerId, String serial, Instant revokedAt, int reasonCode,
                               Optional<Instant> invalidityDate, String revokedBy) {
    public RevocationRecord {
        Objects.requireNonNull(issuerId, "issuerId");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(revokedAt, "revokedAt");
        if (reasonCode < 0 || reasonCode > 10 || reasonCode == 7) {
            throw new IllegalArgumentException("reasonCode must be an RFC 5280 CRLReason (0-10 except 7)");
        }
        Objects.requireNonNull(invalidityDate, "invalidityDate");
        Objects.requireNonNull(revokedBy, "revokedBy");
    }
}
