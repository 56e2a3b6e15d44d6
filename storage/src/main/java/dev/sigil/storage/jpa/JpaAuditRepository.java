package dev.sigil.storage.jpa;

import dev.sigil.storage.audit.AuditQuery;
import dev.sigil.storage.audit.AuditRecord;
import dev.sigil.storage.audit.AuditRepository;
import dev.sigil.storage.audit.AuditVerification;
import jakarta.persistence.TypedQuery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and verifies the audit log. Filters are exact matches; {@code from} is inclusive and {@code to}
 * exclusive, so consecutive windows neither overlap nor leave gaps.
 */
final class JpaAuditRepository implements AuditRepository {

    /** Records read per transaction while verifying, so that the walk never holds the whole chain in memory. */
    static final int VERIFY_CHUNK_SIZE = 1000;

    private final Transactions tx;

    JpaAuditRepository(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public List<AuditRecord> list(AuditQuery q) {
        List<String> conditions = new ArrayList<>(List.of("a.seq > :afterSeq"));
        Map<String, Object> parameters = new LinkedHashMap<>(Map.of("afterSeq", q.afterSeq()));
        q.actor().ifPresent(v -> {
            conditions.add("a.actor = :actor");
            parameters.put("actor", v);
        });
        q.action().ifPresent(v -> {
            conditions.add("a.action = :action");
            parameters.put("action", v);
        });
        q.target().ifPresent(v -> {
            conditions.add("a.target = :target");
            parameters.put("target", v);
        });
        q.from().ifPresent(v -> {
            conditions.add("a.at >= :from");
            parameters.put("from", Micros.of(v));
        });
        q.to().ifPresent(v -> {
            conditions.add("a.at < :to");
            parameters.put("to", Micros.of(v));
        });
        String hql = "select a from AuditEntry a where " + String.join(" and ", conditions) + " order by a.seq";
        return tx.read("list audit records", em -> {
            TypedQuery<AuditEntryEntity> query = em.createQuery(hql, AuditEntryEntity.class);
            parameters.forEach(query::setParameter);
            return query.setMaxResults(q.limit()).getResultList().stream().map(AuditEntryEntity::toRecord).toList();
        });
    }

    /**
     * Walks records 1..head.seq in chunks. Detects an edited record (its hash no longer matches its fields),
     * a deleted one (a gap in seq, or a head that points past the last record), a reordered one (seq is
     * hashed, and each record names its predecessor's hash), a replaced tail (the head's hash differs) and
     * records beyond the head. It cannot detect a chain rewritten consistently from some record on, head
     * included: that needs the head hash kept somewhere the database's writer cannot reach.
     * Records appended while the walk runs are beyond the head read at the start, and are left for next time.
     * {@code records} counts the records found intact before the first broken one.
     */
    @Override
    public AuditVerification verify() {
        // The highest seq is read before the head: every commit moves both together, so a record above a head
        // read later can only be there because someone lowered the head or inserted rows by hand.
        Tip tip = tx.read("verify audit chain", em -> new Tip(
                em.createQuery("select coalesce(max(a.seq), 0) from AuditEntry a", Long.class).getSingleResult(),
                em.find(AuditHeadEntity.class, AuditHeadEntity.ID)));
        AuditHeadEntity head = tip.head();
        long headSeq = head.seq();
        if (tip.maxSeq() > headSeq) {
            return broken(headSeq + 1, "record " + (headSeq + 1) + " is beyond the chain head");
        }
        long expected = 1;
        String previousHash = AuditChain.GENESIS;
        while (expected <= headSeq) {
            long from = expected;
            List<AuditEntryEntity> chunk = tx.read("verify audit chain", em -> em
                    .createQuery("select a from AuditEntry a where a.seq >= :from and a.seq <= :to order by a.seq",
                            AuditEntryEntity.class)
                    .setParameter("from", from)
                    .setParameter("to", headSeq)
                    .setMaxResults(VERIFY_CHUNK_SIZE)
                    .getResultList());
            if (chunk.isEmpty()) {
                return broken(expected, "record " + expected + " is missing (the head is at " + headSeq + ")");
            }
            for (AuditEntryEntity e : chunk) {
                if (e.seq() != expected) {
                    return broken(expected, "record " + expected + " is missing (the next one is " + e.seq() + ")");
                }
                if (!e.prevHash().equals(previousHash)) {
                    return broken(expected, "record " + expected + " does not link to the hash of record " + (expected - 1));
                }
                if (!e.recomputeHash().equals(e.hash())) {
                    return broken(expected, "record " + expected + " does not match its hash: its contents were changed");
                }
                previousHash = e.hash();
                expected++;
            }
        }
        if (!head.hash().equals(previousHash)) {
            return broken(headSeq, "the chain head does not match the hash of record " + headSeq);
        }
        return new AuditVerification(headSeq, Optional.empty(), Optional.empty());
    }

    private record Tip(long maxSeq, AuditHeadEntity head) {
    }

    private static AuditVerification broken(long seq, String problem) {
        return new AuditVerification(Math.max(0, seq - 1), Optional.of(seq), Optional.of(problem));
    }
}
