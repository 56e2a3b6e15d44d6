package dev.sigil.storage.certificate;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads the certificate inventory. Writes go through {@link dev.sigil.storage.ledger.Ledger}. */
public interface CertificateRepository {

    Optional<CertificateRecord> find(String issuerId, String serial);

    /** Every certificate with this serial, across issuers (normally zero or one). */
    List<CertificateRecord> findBySerial(String serial);

    Page<CertificateRecord> search(CertificateQuery query);

    /**
     * Streams the revocations of one issuer in serial order without loading them all,
     * for CRL generation. The consumer runs inside a read transaction: keep it quick.
     */
    void forEachRevocation(String issuerId, Consumer<RevocationRecord> consumer);

    /** Number of revocations recorded for the issuer. */
    long countRevocations(String issuerId);
}
