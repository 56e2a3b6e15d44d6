package dev.sigil.storage.audit;

import java.util.List;

/** Reads and verifies the append-only, hash-chained audit log. Appends go through the Ledger. */
public interface AuditRepository {

    List<AuditRecord> list(AuditQuery query);

    /** Walks the whole chain from the first record, recomputing every hash. */
    AuditVerification verify();
}
