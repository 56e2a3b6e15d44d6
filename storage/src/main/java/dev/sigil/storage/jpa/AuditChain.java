package dev.sigil.storage.jpa;

import dev.sigil.storage.audit.AuditEvent;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Appends to the hash-chained audit log inside a ledger transaction.
 *
 * <p>Canonical form (version 1). {@code hash} is the lower-case hex SHA-256 of the concatenation of:
 * <ol>
 *   <li>the field {@code "sigil-audit-v1"} (domain separation, and room for a future format),</li>
 *   <li>{@code seq} as 8 bytes, big-endian two's complement,</li>
 *   <li>the field {@code prevHash} (64 lower-case hex characters; 64 zeros for seq 1),</li>
 *   <li>{@code at} as microseconds since the epoch, 8 bytes big-endian (the stored precision),</li>
 *   <li>the fields {@code actor}, {@code action}, {@code target}, {@code outcome}, {@code details},</li>
 * </ol>
 * where a <em>field</em> is its UTF-8 encoding preceded by that encoding's length as 4 bytes big-endian.
 * Length prefixes make the encoding unambiguous: no two different records encode to the same bytes.
 */
final class AuditChain {

    /** The prevHash of the first record. */
    static final String GENESIS = "0".repeat(64);

    private static final String FORMAT_TAG = "sigil-audit-v1";
    private static final HexFormat HEX = HexFormat.of();

    private AuditChain() {
    }

    /**
     * Locks the chain's head row until the transaction ends. Every ledger transaction calls this before
     * touching anything else: appends are serialised and all writers take their locks in one order.
     */
    static AuditHeadEntity lockHead(EntityManager em) {
        AuditHeadEntity head = em.find(AuditHeadEntity.class, AuditHeadEntity.ID, LockModeType.PESSIMISTIC_WRITE);
        if (head == null) {
            throw new IllegalStateException("audit_head row is missing; the baseline migration inserts it");
        }
        return head;
    }

    /** Checks that {@code event} fits its columns; call before queueing or starting a transaction. */
    static void validate(AuditEvent event) {
        ColumnLimits.check("audit actor", event.actor(), ColumnLimits.ACTOR);
        ColumnLimits.check("audit action", event.action(), ColumnLimits.AUDIT_ACTION);
        ColumnLimits.check("audit target", event.target(), ColumnLimits.AUDIT_TARGET);
        ColumnLimits.check("audit outcome", event.outcome(), ColumnLimits.AUDIT_OUTCOME);
        Micros.of(event.at());
    }

    /** Persists the next record after {@code head} (locked by {@link #lockHead}) and advances the head. */
    static void append(EntityManager em, AuditHeadEntity head, AuditEvent event) {
        long seq = head.seq() + 1;
        long at = Micros.of(event.at());
        String hash = hash(seq, head.hash(), at, event.actor(), event.action(), event.target(), event.outcome(),
                event.details());
        em.persist(new AuditEntryEntity(seq, at, event, head.hash(), hash));
        head.advance(seq, hash);
    }

    static final String INSERT = "INSERT INTO audit_log (seq, at, actor, action, target, outcome, details, prev_hash,"
            + " hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * As {@link #append} for each event in order, as one JDBC batch on {@code c} (the transaction's connection)
     * instead of one entity each: for group-committed writers, where Hibernate's per-entity work was a tenth of the
     * CPU spent per SSH certificate. The head entity is advanced as by {@code append}; Hibernate writes it at flush.
     */
    static void appendAll(java.sql.Connection c, AuditHeadEntity head, List<AuditEvent> events)
            throws java.sql.SQLException {
        if (events.isEmpty()) {
            return;
        }
        long seq = head.seq();
        String prev = head.hash();
        try (java.sql.PreparedStatement st = c.prepareStatement(INSERT)) {
            for (AuditEvent e : events) {
                seq++;
                long at = Micros.of(e.at());
                String hash = hash(seq, prev, at, e.actor(), e.action(), e.target(), e.outcome(), e.details());
                st.setLong(1, seq);
                st.setLong(2, at);
                st.setString(3, e.actor());
                st.setString(4, e.action());
                st.setString(5, e.target());
                st.setString(6, e.outcome());
                st.setString(7, e.details());
                st.setString(8, prev);
                st.setString(9, hash);
                st.addBatch();
                prev = hash;
            }
            st.executeBatch();
        }
        head.advance(seq, prev);
    }

    static String hash(long seq, String prevHash, long atMicros, String actor, String action, String target,
                       String outcome, String details) {
        MessageDigest sha256 = sha256();
        field(sha256, FORMAT_TAG);
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(seq).array());
        field(sha256, prevHash);
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(atMicros).array());
        field(sha256, actor);
        field(sha256, action);
        field(sha256, target);
        field(sha256, outcome);
        field(sha256, details);
        return HEX.formatHex(sha256.digest());
    }

    private static void field(MessageDigest digest, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
