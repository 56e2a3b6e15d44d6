package dev.sigil.storage.jpa;

import dev.sigil.storage.acme.EabKey;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.Optional;

/** Row of {@code acme_eab_keys}. Bound by a conditional bulk update, never through this entity. */
@Entity(name = "AcmeEabKey")
@Table(name = "acme_eab_keys")
class AcmeEabKeyEntity {

    @Id
    @Column(name = "key_id")
    private String keyId;
    @Column(name = "directory")
    private String directory;
    @Column(name = "label")
    private String label;
    @Column(name = "hmac_key")
    private byte[] hmacKey;
    @Column(name = "created_at")
    private long createdAt;
    @Column(name = "bound_account_id")
    private String boundAccountId;
    @Column(name = "bound_at")
    private Long boundAt;

    protected AcmeEabKeyEntity() {
    }

    static AcmeEabKeyEntity from(EabKey k) {
        AcmeEabKeyEntity e = new AcmeEabKeyEntity();
        e.keyId = k.keyId();
        e.directory = k.directory();
        e.label = k.label();
        e.hmacKey = k.hmacKey().clone();
        e.createdAt = Micros.of(k.createdAt());
        e.boundAccountId = k.boundAccountId().orElse(null);
        e.boundAt = Micros.ofNullable(k.boundAt());
        return e;
    }

    String directory() {
        return directory;
    }

    EabKey toRecord() {
        return new EabKey(keyId, directory, label, hmacKey.clone(), Micros.toInstant(createdAt),
                Optional.ofNullable(boundAccountId), Micros.toOptional(boundAt));
    }
}
