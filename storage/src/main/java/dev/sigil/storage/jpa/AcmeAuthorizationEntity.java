package dev.sigil.storage.jpa;

import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeChallenge;
import dev.sigil.storage.acme.AcmeIdentifier;
import dev.sigil.storage.acme.AcmeStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.List;

/** Row of {@code acme_authorizations}. Challenges live in {@link AcmeChallengeEntity} rows. */
@Entity(name = "AcmeAuthorization")
@Table(name = "acme_authorizations")
class AcmeAuthorizationEntity {

    @Id
    @Column(name = "id")
    private String id;
    @Column(name = "account_id")
    private String accountId;
    @Column(name = "directory")
    private String directory;
    @Column(name = "identifier_type")
    private String identifierType;
    @Column(name = "identifier_value")
    private String identifierValue;
    @Column(name = "wildcard")
    private boolean wildcard;
    @Column(name = "status")
    private String status;
    @Column(name = "expires_at")
    private long expiresAt;
    @Column(name = "created_at")
    private long createdAt;

    protected AcmeAuthorizationEntity() {
    }

    static AcmeAuthorizationEntity from(AcmeAuthorization a) {
        AcmeAuthorizationEntity e = new AcmeAuthorizationEntity();
        e.id = a.id();
        e.accountId = a.accountId();
        e.directory = a.directory();
        e.identifierType = a.identifier().type();
        e.identifierValue = a.identifier().value();
        e.wildcard = a.wildcard();
        e.status = AcmeStatusText.of(a.status());
        e.expiresAt = Micros.of(a.expiresAt());
        e.createdAt = Micros.of(a.createdAt());
        return e;
    }

    String id() {
        return id;
    }

    String accountId() {
        return accountId;
    }

    AcmeAuthorization toRecord(List<AcmeChallenge> challenges) {
        return new AcmeAuthorization(id, accountId, directory, new AcmeIdentifier(identifierType, identifierValue),
                wildcard, AcmeStatusText.parse(AcmeStatus.Authorization.class, status), Micros.toInstant(expiresAt),
                challenges, Micros.toInstant(createdAt));
    }
}
