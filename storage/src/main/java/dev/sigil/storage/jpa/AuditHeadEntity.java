package dev.sigil.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The single row of {@code audit_head}: the chain's tip, and the lock every ledger transaction takes first. */
@Entity(name = "AuditHead")
@Table(name = "audit_head")
class AuditHeadEntity {

    /** The id of the only row, inserted by the baseline migration. */
    static final int ID = 1;

    @Id
    @Column(name = "id")
    private int id;
    @Column(name = "seq")
    private long seq;
    @Column(name = "hash")
    private String hash;

    protected AuditHeadEntity() {
    }

    long seq() {
        return seq;
    }

    String hash() {
        return hash;
    }

    void advance(long newSeq, String newHash) {
        this.seq = newSeq;
        this.hash = newHash;
    }
}
