package dev.sigil.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Row of {@code acme_nonces}: a replay nonce until it is redeemed (deleted) or expires. */
@Entity(name = "AcmeNonce")
@Table(name = "acme_nonces")
class AcmeNonceEntity {

    @Id
    @Column(name = "nonce")
    private String nonce;
    @Column(name = "expires_at")
    private long expiresAt;

    protected AcmeNonceEntity() {
    }

    AcmeNonceEntity(String nonce, long expiresAtMicros) {
        this.nonce = nonce;
        this.expiresAt = expiresAtMicros;
    }
}
