package dev.sigil.storage.jpa;

import dev.sigil.storage.acme.AcmeIdentifier;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Row of {@code acme_order_identifiers}: one requested identifier at its position in the order. */
@Entity(name = "AcmeOrderIdentifier")
@Table(name = "acme_order_identifiers")
@IdClass(AcmeOrderChildKey.class)
class AcmeOrderIdentifierEntity {

    @Id
    @Column(name = "order_id")
    private String orderId;
    @Id
    @Column(name = "position")
    private int position;
    @Column(name = "identifier_type")
    private String type;
    @Column(name = "identifier_value")
    private String value;

    protected AcmeOrderIdentifierEntity() {
    }

    AcmeOrderIdentifierEntity(String orderId, int position, AcmeIdentifier identifier) {
        this.orderId = orderId;
        this.position = position;
        this.type = identifier.type();
        this.value = identifier.value();
    }

    String orderId() {
        return orderId;
    }

    AcmeIdentifier toIdentifier() {
        return new AcmeIdentifier(type, value);
    }
}
