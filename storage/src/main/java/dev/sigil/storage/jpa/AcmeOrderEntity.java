package dev.sigil.storage.jpa;

import dev.sigil.storage.acme.AcmeIdentifier;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.List;
import java.util.Optional;

/**
 * Row of {@code acme_orders}. Identifiers and authorization links live in {@link AcmeOrderIdentifierEntity} and
 * {@link AcmeOrderAuthorizationEntity} rows; status changes are conditional bulk updates, never entity edits.
 */
@Entity(name = "AcmeOrder")
@Table(name = "acme_orders")
class AcmeOrderEntity {

    @Id
    @Column(name = "id")
    private String id;
    @Column(name = "account_id")
    private String accountId;
    @Column(name = "directory")
    private String directory;
    @Column(name = "status")
    private String status;
    @Column(name = "expires_at")
    private long expiresAt;
    @Column(name = "not_before")
    private Long notBefore;
    @Column(name = "not_after")
    private Long notAfter;
    @Column(name = "error_json")
    private String errorJson;
    /** When processing began (microseconds); written only by the start-of-processing UPDATE, read by recovery. */
    @Column(name = "processing_since")
    private Long processingSince;
    @Column(name = "certificate_issuer_id")
    private String certificateIssuerId;
    @Column(name = "certificate_serial")
    private String certificateSerial;
    @Column(name = "replaces")
    private String replaces;
    @Column(name = "created_at")
    private long createdAt;

    protected AcmeOrderEntity() {
    }

    static AcmeOrderEntity from(AcmeOrder o) {
        AcmeOrderEntity e = new AcmeOrderEntity();
        e.id = o.id();
        e.accountId = o.accountId();
        e.directory = o.directory();
        e.status = AcmeStatusText.of(o.status());
        e.expiresAt = Micros.of(o.expiresAt());
        e.notBefore = Micros.ofNullable(o.notBefore());
        e.notAfter = Micros.ofNullable(o.notAfter());
        e.errorJson = o.errorJson().orElse(null);
        e.certificateIssuerId = o.certificateIssuerId().orElse(null);
        e.certificateSerial = o.certificateSerial().orElse(null);
        e.replaces = o.replaces().orElse(null);
        e.createdAt = Micros.of(o.createdAt());
        return e;
    }

    String id() {
        return id;
    }

    long createdAt() {
        return createdAt;
    }

    AcmeOrder toRecord(List<AcmeIdentifier> identifiers, List<String> authorizationIds) {
        return new AcmeOrder(id, accountId, directory, AcmeStatusText.parse(AcmeStatus.Order.class, status),
                Micros.toInstant(expiresAt), identifiers, Micros.toOptional(notBefore), Micros.toOptional(notAfter),
                authorizationIds, Optional.ofNullable(errorJson), Optional.ofNullable(certificateIssuerId),
                Optional.ofNullable(certificateSerial), Optional.ofNullable(replaces), Micros.toInstant(createdAt));
    }
}
