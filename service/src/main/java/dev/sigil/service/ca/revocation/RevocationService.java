package dev.sigil.service.ca.revocation;

import dev.sigil.service.ca.crl.CrlRepublisher;
import dev.sigil.service.ca.x509.SerialNumbers;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateRepository;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.RevocationRecord;
import dev.sigil.storage.ledger.Ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Revokes certificates: the revocation is committed before this returns (OCSP answers from the inventory, so it
 * shows there at once), and the issuer's CRL is republished shortly after, coalesced with other revocations.
 */
public final class RevocationService {

    private final CertificateRepository certificates;
    private final Ledger ledger;
    private final CrlRepublisher crls;
    private final SigilMetrics metrics;
    private final Clock clock;

    public RevocationService(CertificateRepository certificates, Ledger ledger, CrlRepublisher crls, SigilMetrics metrics,
                             Clock clock) {
        this.certificates = certificates;
        this.ledger = ledger;
        this.crls = crls;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @throws SigilException not-found, conflict (already revoked, or an ambiguous serial), unavailable
     */
    public CertificateRecord revoke(String serialText, Optional<String> issuerId, RevocationReason reason,
                                    Optional<Instant> invalidityDate, String actor) {
        CertificateRecord cert = find(serialText, issuerId);
        if (cert.status() == CertificateStatus.REVOKED) {
            throw SigilException.conflict("certificate " + cert.serial() + " is already revoked");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what the inventory stores
        if (invalidityDate.isPresent() && invalidityDate.get().isAfter(now)) {
            throw SigilException.malformed("invalidityDate must not be in the future");
        }
        RevocationRecord revocation = new RevocationRecord(cert.issuerId(), cert.serial(), now, reason.code(),
                invalidityDate, actor);
        try {
            ledger.revoke(revocation, AuditEvent.success(now, actor, "certificate.revoke",
                    cert.issuerId() + "/" + cert.serial(), "reason=" + reason.rfcName()));
        } catch (StorageException e) {
            throw switch (e.kind()) {
                case CONFLICT -> SigilException.conflict("certificate " + cert.serial() + " is already revoked");
                case NOT_FOUND -> SigilException.notFound("no certificate with serial " + cert.serial());
                case UNAVAILABLE -> new SigilException(ErrorKind.UNAVAILABLE,
                        "the revocation could not be committed; the certificate is not revoked", e);
            };
        }
        crls.revoked(cert.issuerId());
        metrics.revoked(cert.issuerId(), reason.rfcName());
        return cert.revoked(revocation); // what the committed transaction wrote, without reading it back
    }

    /** Finds a certificate by serial, across issuers unless one is named. */
    public CertificateRecord find(String serialText, Optional<String> issuerId) {
        String serial;
        try {
            serial = SerialNumbers.normalize(serialText);
        } catch (IllegalArgumentException e) {
            throw SigilException.malformed("'" + serialText + "' is not a serial number (hex digits)");
        }
        if (issuerId.isPresent()) {
            return certificates.find(issuerId.get(), serial)
                    .orElseThrow(() -> SigilException.notFound("no certificate with serial " + serial + " from issuer " + issuerId.get()));
        }
        List<CertificateRecord> found = certificates.findBySerial(serial);
        if (found.isEmpty()) {
            throw SigilException.notFound("no certificate with serial " + serial);
        }
        if (found.size() > 1) {
            throw SigilException.conflict("serial " + serial + " exists under several issuers; name one with issuer=");
        }
        return found.getFirst();
    }
}
