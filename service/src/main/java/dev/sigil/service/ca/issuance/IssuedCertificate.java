package dev.sigil.service.ca.issuance;

import dev.sigil.storage.certificate.CertificateRecord;

import java.util.List;

/**
 * A committed certificate and the chain a client needs with it.
 *
 * @param record the inventory row (already committed)
 * @param chain  DER certificates of the issuing CA up to, but excluding, the root
 */
public record IssuedCertificate(CertificateRecord record, List<byte[]> chain) {
    public IssuedCertificate {
        chain = List.copyOf(chain);
    }
}
