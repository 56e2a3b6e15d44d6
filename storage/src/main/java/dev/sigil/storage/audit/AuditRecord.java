package dev.sigil.storage.audit;

import java.util.Objects;

/**
 * An appended audit record. {@code hash} = SHA-256 over {@code prevHash} and the record's fields
 * (see the storage implementation for the exact canonical form); the first record chains from 64 zeros.
 *
 * @param seq      position in the chain, starting at 1, gap-free
 * @param event    what was recorded
 * @param prevHash hex hash of the previous record
 * @param hash     hex hash of this record
 */
public record AuditRecord(long seq, AuditEvent event, String prevHash, String hash) {
    public AuditRecord {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
    }
}
