package dev.sigil.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Row of {@code acme_order_authorizations}: which authorization the order needs at a position. */
@Entity(name = "AcmeOrderAuthorization")
@Table(name = "acme_order_authorizations")
@IdClass(AcmeOrderChildKey.class)
class AcmeOrderAuthorizationEntity {

    @Id
    @Column(name = "order_id")
    private String orderId;
    @Id
    @Column(name = "position")
    private int position;
    @Column(name = "authorization_id")
    private String authorizationId;

    protected AcmeOrderAuthorizationEntity() {
    }

    AcmeOrderAuthorizationEntity(String orderId, int position, String authorizationId) {
        this.orderId = orderId;
        this.position = position;
        this.authorizationId = authorizationId;
    }

    String orderId() {
        return orderId;
    }

    String authorizationId() {
        return authorizationId;
    }
}
