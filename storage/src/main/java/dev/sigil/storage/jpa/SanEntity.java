package dev.sigil.storage.jpa;

import dev.sigil.storage.certificate.San;
import dev.sigil.storage.certificate.SanType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * Row of {@code certificate_sans}. Its own entity rather than an element collection so that issuance can
 * batch SAN inserts with everything else and searches can load the SANs of a whole page in one query.
 */
@Entity(name = "CertificateSan")
@Table(name = "certificate_sans")
@IdClass(SanKey.class)
class SanEntity {

    @Id
    @Column(name = "issuer_id")
    private String issuerId;
    @Id
    @Column(name = "serial")
    private String serial;
    @Id
    @Column(name = "position")
    private int position;
    @Column(name = "san_type")
    private String type;
    @Column(name = "san_value")
    private String value;
    /** The value's characters in reverse order, so that a suffix search ({@code *.ci.internal}) is an index range. */
    @Column(name = "san_value_reversed")
    private String valueReversed;

    protected SanEntity() {
    }

    SanEntity(String issuerId, String serial, int position, San san) {
        this.issuerId = issuerId;
        this.serial = serial;
        this.position = position;
        this.type = san.type().name();
        this.value = san.value();
        this.valueReversed = SanFilter.reverse(san.value());
    }

    CertificateKey certificate() {
        return new CertificateKey(issuerId, serial);
    }

    San toSan() {
        return new San(SanType.valueOf(type), value);
    }
}
