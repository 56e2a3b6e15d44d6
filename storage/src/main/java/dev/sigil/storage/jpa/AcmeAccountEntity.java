package dev.sigil.storage.jpa;

import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.List;
import java.util.Optional;

/** Row of {@code acme_accounts}. Contacts live in {@link AcmeContactEntity} rows, loaded by the store. */
@Entity(name = "AcmeAccount")
@Table(name = "acme_accounts")
class AcmeAccountEntity {

    @Id
    @Column(name = "id")
    private String id;
    @Column(name = "directory")
    private String directory;
    @Column(name = "key_thumbprint")
    private String keyThumbprint;
    @Column(name = "jwk_json")
    private String jwkJson;
    @Column(name = "status")
    private String status;
    @Column(name = "terms_agreed")
    private boolean termsAgreed;
    @Column(name = "eab_key_id")
    private String eabKeyId;
    @Column(name = "created_at")
    private long createdAt;

    protected AcmeAccountEntity() {
    }

    static AcmeAccountEntity from(AcmeAccount a) {
        AcmeAccountEntity e = new AcmeAccountEntity();
        e.id = a.id();
        e.directory = a.directory();
        e.keyThumbprint = a.keyThumbprint();
        e.jwkJson = a.jwkJson();
        e.status = AcmeStatusText.of(a.status());
        e.termsAgreed = a.termsAgreed();
        e.eabKeyId = a.eabKeyId().orElse(null);
        e.createdAt = Micros.of(a.createdAt());
        return e;
    }

    String id() {
        return id;
    }

    long createdAt() {
        return createdAt;
    }

    AcmeAccount toRecord(List<String> contacts) {
        return new AcmeAccount(id, directory, keyThumbprint, jwkJson,
                AcmeStatusText.parse(AcmeStatus.Account.class, status), contacts, termsAgreed,
                Optional.ofNullable(eabKeyId), Micros.toInstant(createdAt));
    }
}
