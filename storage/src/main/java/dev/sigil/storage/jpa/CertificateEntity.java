package dev.sigil.storage.jpa;

import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.San;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.util.List;
import java.util.Optional;

/** Row of {@code certificates}. SANs live in {@link SanEntity} rows, loaded by the repository. */
@Entity(name = "Certificate")
@Table(name = "certificates")
@IdClass(CertificateKey.class)
class CertificateEntity {

    @Id
    @Column(name = "issuer_id")
    private String issuerId;
    @Id
    @Column(name = "serial")
    private String serial;
    @Column(name = "subject_dn")
    private String subjectDn;
    @Column(name = "key_type")
    private String keyType;
    @Column(name = "not_before")
    private long notBefore;
    @Column(name = "not_after")
    private long notAfter;
    @Column(name = "status")
    private String status;
    @Column(name = "revoked_at")
    private Long revokedAt;
    @Column(name = "revocation_reason")
    private Integer revocationReason;
    @Column(name = "owner")
    private String owner;
    @Column(name = "label")
    private String label;
    @Column(name = "profile")
    private String profile;
    @Column(name = "der")
    private byte[] der;
    @Column(name = "issued_at")
    private long issuedAt;
    @Column(name = "requested_by")
    private String requestedBy;

    protected CertificateEntity() {
    }

    static CertificateEntity from(CertificateRecord r) {
        CertificateEntity e = new CertificateEntity();
        e.issuerId = r.issuerId();
        e.serial = r.serial();
        e.subjectDn = r.subjectDn();
        e.keyType = r.keyType();
        e.notBefore = Micros.of(r.notBefore());
        e.notAfter = Micros.of(r.notAfter());
        e.status = r.status().name();
        e.revokedAt = Micros.ofNullable(r.revokedAt());
        e.revocationReason = r.revocationReason().orElse(null);
        e.owner = r.owner().orElse(null);
        e.label = r.label().orElse(null);
        e.profile = r.profile();
        e.der = r.der().clone();
        e.issuedAt = Micros.of(r.issuedAt());
        e.requestedBy = r.requestedBy();
        return e;
    }

    CertificateKey key() {
        return new CertificateKey(issuerId, serial);
    }

    long issuedAt() {
        return issuedAt;
    }

    long notAfterMicros() {
        return notAfter;
    }

    boolean revoked() {
        return CertificateStatus.REVOKED.name().equals(status);
    }

    void markRevoked(long atMicros, int reasonCode) {
        status = CertificateStatus.REVOKED.name();
        revokedAt = atMicros;
        revocationReason = reasonCode;
    }

    CertificateRecord toRecord(List<San> sans) {
        return new CertificateRecord(issuerId, serial, subjectDn, sans, keyType, Micros.toInstant(notBefore),
                Micros.toInstant(notAfter), CertificateStatus.valueOf(status), Micros.toOptional(revokedAt),
                Optional.ofNullable(revocationReason), Optional.ofNullable(owner), Optional.ofNullable(label), profile,
                der.clone(), Micros.toInstant(issuedAt), requestedBy);
    }
}
