package dev.sigil.storage.jpa;

import dev.sigil.storage.acme.RenewalOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Row of {@code acme_renewal_windows}: at most one operator override per certificate (same key as certificates). */
@Entity(name = "AcmeRenewalWindow")
@Table(name = "acme_renewal_windows")
@IdClass(CertificateKey.class)
class AcmeRenewalWindowEntity {

    @Id
    @Column(name = "issuer_id")
    private String issuerId;
    @Id
    @Column(name = "serial")
    private String serial;
    @Column(name = "window_start")
    private long windowStart;
    @Column(name = "window_end")
    private long windowEnd;
    @Column(name = "reason")
    private String reason;
    @Column(name = "created_at")
    private long createdAt;
    @Column(name = "created_by")
    private String createdBy;

    protected AcmeRenewalWindowEntity() {
    }

    static AcmeRenewalWindowEntity from(RenewalOverride o) {
        AcmeRenewalWindowEntity e = new AcmeRenewalWindowEntity();
        e.issuerId = o.issuerId();
        e.serial = o.serial();
        e.windowStart = Micros.of(o.start());
        e.windowEnd = Micros.of(o.end());
        e.reason = o.reason();
        e.createdAt = Micros.of(o.createdAt());
        e.createdBy = o.createdBy();
        return e;
    }

    long windowStart() {
        return windowStart;
    }

    long windowEnd() {
        return windowEnd;
    }

    RenewalOverride toRecord() {
        return new RenewalOverride(issuerId, serial, Micros.toInstant(windowStart), Micros.toInstant(windowEnd),
                reason, Micros.toInstant(createdAt), createdBy);
    }
}
