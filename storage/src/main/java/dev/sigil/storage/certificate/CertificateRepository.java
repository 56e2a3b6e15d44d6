package dev.sigil.storage.certificate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads the certificate inventory. Writes go through {@link dev.sigil.storage.ledger.Ledger}. */
public interface CertificateRepository {

    Optional<CertificateRecord> find(String issuerId, String serial);

    /** Every certificate with this serial, across issuers (normally zero or one). */
    List<CertificateRecord> findBySerial(String serial);

    Page<CertificateRecord> search(CertificateQuery query);

    /**
     * Streams the revocations of one issuer in serial text order (the primary key's) without loading them all,
     * for CRL generation. The consumer runs inside a read transaction: keep it quick.
     */
    default void forEachRevocation(String issuerId, Consumer<RevocationRecord> consumer) {
        forEachRevocation(issuerId, Instant.EPOCH, consumer);
    }

    /**
     * As {@link #forEachRevocation(String, Consumer)}, leaving out revoked certificates whose notAfter is not
     * after {@code certExpiredAfter} (CRL retention: RFC 5280 lets a CRL drop entries once the certificate expired).
     */
    void forEachRevocation(String issuerId, Instant certExpiredAfter, Consumer<RevocationRecord> consumer);

    /**
     * Passes on the revocations of one issuer whose revokedAt is at or after {@code revokedFrom}, in serial text
     * order, leaving out certificates whose notAfter is not after {@code certExpiredAfter}: the entries of a delta
     * CRL (a range of the (issuer, revoked_at) index, so its cost follows the revocations since, not the total).
     */
    void forEachRevocationSince(String issuerId, Instant revokedFrom, Instant certExpiredAfter,
                                Consumer<RevocationRecord> consumer);

    /** Number of revocations of the issuer whose revokedAt is at or after {@code revokedFrom} (an index range). */
    long countRevocationsSince(String issuerId, Instant revokedFrom);

    /**
     * Per issuer, how many certificates are valid (not revoked) at {@code now} and expire before {@code before}:
     * the expiry report (one grouped query over the (status, not_after) index).
     */
    Map<String, Long> countExpiring(Instant now, Instant before);

    /** When the issuer's most recent revocation happened (its revokedAt), if it has any. */
    Optional<Instant> lastRevocation(String issuerId);

    /** Number of revocations recorded for the issuer. */
    long countRevocations(String issuerId);
}
