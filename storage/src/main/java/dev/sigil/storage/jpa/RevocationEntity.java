package dev.sigil.storage.jpa;

import dev.sigil.storage.certificate.RevocationRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Row of {@code revocations}; its primary key allows one revocation per certificate. */
@Entity(name = "Revocation")
@Table(name = "revocations")
@IdClass(CertificateKey.class)
class RevocationEntity {

    @Id
    @Column(name = "issuer_id")
    private String issuerId;
    @Id
    @Column(name = "serial")
    private String serial;
    @Column(name = "revoked_at")
    private long revokedAt;
    @Column(name = "reason_code")
    private int reasonCode;
    @Column(name = "invalidity_date")
    private Long invalidityDate;
    @Column(name = "revoked_by")
    private String revokedBy;
    @Column(name = "cert_not_after")
    private long certNotAfter;

    protected RevocationEntity() {
    }

    /** @param certNotAfter the revoked certificate's notAfter in microseconds (CRL retention filters on it) */
    static RevocationEntity from(RevocationRecord r, long certNotAfter) {
        RevocationEntity e = new RevocationEntity();
        e.issuerId = r.issuerId();
        e.serial = r.serial();
        e.revokedAt = Micros.of(r.revokedAt());
        e.reasonCode = r.reasonCode();
        e.invalidityDate = Micros.ofNullable(r.invalidityDate());
        e.revokedBy = r.revokedBy();
        e.certNotAfter = certNotAfter;
        return e;
    }
}
