package dev.sigil.storage.jpa;

import dev.sigil.storage.token.TokenRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.Optional;

/** Row of {@code tokens}. Only the secret's SHA-256 is stored. */
@Entity(name = "Token")
@Table(name = "tokens")
class TokenEntity {

    @Id
    @Column(name = "id")
    private String id;
    @Column(name = "name")
    private String name;
    @Column(name = "role")
    private String role;
    @Column(name = "secret_hash")
    private String secretHash;
    @Column(name = "created_at")
    private long createdAt;
    @Column(name = "created_by")
    private String createdBy;
    @Column(name = "revoked_at")
    private Long revokedAt;
    @Column(name = "scope")
    private String scope;

    protected TokenEntity() {
    }

    static TokenEntity from(TokenRecord r) {
        TokenEntity e = new TokenEntity();
        e.id = r.id();
        e.name = r.name();
        e.role = r.role();
        e.secretHash = r.secretHash();
        e.createdAt = Micros.of(r.createdAt());
        e.createdBy = r.createdBy();
        e.revokedAt = Micros.ofNullable(r.revokedAt());
        e.scope = r.scope().orElse(null);
        return e;
    }

    boolean revoked() {
        return revokedAt != null;
    }

    void markRevoked(long atMicros) {
        revokedAt = atMicros;
    }

    TokenRecord toRecord() {
        return new TokenRecord(id, name, role, secretHash, Micros.toInstant(createdAt), createdBy,
                Micros.toOptional(revokedAt), Optional.ofNullable(scope));
    }
}
