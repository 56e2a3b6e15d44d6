package dev.sigil.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;

/**
 * Row of {@code acme_account_contacts}: one contact URL at its position. Its own entity rather than an element
 * collection (as {@link SanEntity}), so that a page of accounts loads its contacts in one query.
 */
@Entity(name = "AcmeContact")
@Table(name = "acme_account_contacts")
@IdClass(AcmeContactEntity.Key.class)
class AcmeContactEntity {

    /** Primary key: the account and the contact's position in its list. */
    record Key(String accountId, int position) implements Serializable {
    }

    @Id
    @Column(name = "account_id")
    private String accountId;
    @Id
    @Column(name = "position")
    private int position;
    @Column(name = "contact")
    private String contact;

    protected AcmeContactEntity() {
    }

    AcmeContactEntity(String accountId, int position, String contact) {
        this.accountId = accountId;
        this.position = position;
        this.contact = contact;
    }

    String accountId() {
        return accountId;
    }

    String contact() {
        return contact;
    }
}
