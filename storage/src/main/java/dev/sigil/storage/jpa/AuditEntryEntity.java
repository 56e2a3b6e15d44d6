package dev.sigil.storage.jpa;

import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.audit.AuditRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Row of {@code audit_log}: one link of the hash chain. */
@Entity(name = "AuditEntry")
@Table(name = "audit_log")
class AuditEntryEntity {

    @Id
    @Column(name = "seq")
    private long seq;
    @Column(name = "at")
    private long at;
    @Column(name = "actor")
    private String actor;
    @Column(name = "action")
    private String action;
    @Column(name = "target")
    private String target;
    @Column(name = "outcome")
    private String outcome;
    @Column(name = "details")
    private String details;
    @Column(name = "prev_hash")
    private String prevHash;
    @Column(name = "hash")
    private String hash;

    protected AuditEntryEntity() {
    }

    AuditEntryEntity(long seq, long atMicros, AuditEvent event, String prevHash, String hash) {
        this.seq = seq;
        this.at = atMicros;
        this.actor = event.actor();
        this.action = event.action();
        this.target = event.target();
        this.outcome = event.outcome();
        this.details = event.details();
        this.prevHash = prevHash;
        this.hash = hash;
    }

    long seq() {
        return seq;
    }

    String prevHash() {
        return prevHash;
    }

    String hash() {
        return hash;
    }

    /** The hash these stored fields should have; differs from {@link #hash()} if a field was edited. */
    String recomputeHash() {
        return AuditChain.hash(seq, prevHash, at, actor, action, target, outcome, details);
    }

    AuditRecord toRecord() {
        return new AuditRecord(seq, new AuditEvent(Micros.toInstant(at), actor, action, target, outcome, details),
                prevHash, hash);
    }
}
