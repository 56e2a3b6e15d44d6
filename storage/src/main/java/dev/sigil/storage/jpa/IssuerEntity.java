package dev.sigil.storage.jpa;

import dev.sigil.storage.issuer.IssuerKind;
import dev.sigil.storage.issuer.IssuerRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.Optional;

/** Row of {@code issuers}. */
@Entity(name = "Issuer")
@Table(name = "issuers")
class IssuerEntity {

    @Id
    @Column(name = "id")
    private String id;
    @Column(name = "name")
    private String name;
    @Column(name = "kind")
    private String kind;
    @Column(name = "parent_id")
    private String parentId;
    @Column(name = "subject_dn")
    private String subjectDn;
    @Column(name = "key_type")
    private String keyType;
    @Column(name = "key_ref")
    private String keyRef;
    @Column(name = "certificate_der")
    private byte[] certificateDer;
    @Column(name = "not_before")
    private long notBefore;
    @Column(name = "not_after")
    private long notAfter;
    @Column(name = "created_at")
    private long createdAt;

    protected IssuerEntity() {
    }

    static IssuerEntity from(IssuerRecord r) {
        IssuerEntity e = new IssuerEntity();
        e.id = r.id();
        e.name = r.name();
        e.kind = r.kind().name();
        e.parentId = r.parentId().orElse(null);
        e.subjectDn = r.subjectDn();
        e.keyType = r.keyType();
        e.keyRef = r.keyRef();
        e.certificateDer = r.certificateDer().clone();
        e.notBefore = Micros.of(r.notBefore());
        e.notAfter = Micros.of(r.notAfter());
        e.createdAt = Micros.of(r.createdAt());
        return e;
    }

    IssuerRecord toRecord() {
        return new IssuerRecord(id, name, IssuerKind.valueOf(kind), Optional.ofNullable(parentId), subjectDn, keyType,
                keyRef, certificateDer.clone(), Micros.toInstant(notBefore), Micros.toInstant(notAfter),
                Micros.toInstant(createdAt));
    }
}
