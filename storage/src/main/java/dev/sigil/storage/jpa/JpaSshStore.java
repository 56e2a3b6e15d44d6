package dev.sigil.storage.jpa;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.ssh.KrlState;
import dev.sigil.storage.ssh.SshCaRecord;
import dev.sigil.storage.ssh.SshCaType;
import dev.sigil.storage.ssh.SshCertificateQuery;
import dev.sigil.storage.ssh.SshCertificateRecord;
import dev.sigil.storage.ssh.SshCertificateStatus;
import dev.sigil.storage.ssh.SshRevocation;
import dev.sigil.storage.ssh.SshRevocationResult;
import dev.sigil.storage.ssh.SshRevocationSnapshot;
import dev.sigil.storage.ssh.SshStore;
import jakarta.persistence.EntityManager;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link SshStore} in native SQL (the rows are simple and mostly written once). Issuances go through the
 * group-committing {@link JpaSshWriter}; every other change locks the audit head first, as every ledger write does,
 * which also serialises revocations among themselves and against issuance batches, so the checks below
 * (already revoked?) are race-free. Each revocation increases the KRL version in the same transaction.
 */
final class JpaSshStore implements SshStore {

    /** Column sizes of V9__ssh.sql. */
    static final int KEY_ID = 255;
    static final int PRINCIPAL = 255;
    static final int FINGERPRINT = 64;
    static final int KEY_TYPE = 64;
    static final int REASON = 255;
    static final int PUBLIC_KEY_TEXT = 65_535;
    static final int KEY_BLOB = 65_535;
    /** Attempts at reading the revocation lists without a version change in between. */
    static final int SNAPSHOT_ATTEMPTS = 5;

    private static final String CERT_COLUMNS = "serial, ca_type, ca_fingerprint, key_id, key_type, fingerprint,"
            + " principals, valid_after, valid_before, status, revoked_at, revocation_reason, issued_at, requested_by,"
            + " certificate";

    private final Transactions tx;
    private final JpaSshWriter writer;

    JpaSshStore(Transactions tx, JpaSshWriter writer) {
        this.tx = tx;
        this.writer = writer;
    }

    @Override
    public Optional<SshCaRecord> ca(SshCaType type) {
        return tx.read("read SSH CA", em -> ManagedRows.query(em, "SELECT ca_type, key_type, public_key, fingerprint,"
                        + " key_ref, created_at FROM ssh_cas WHERE ca_type = ?",
                rs -> new SshCaRecord(caType(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), Micros.toInstant(rs.getLong(6))), type.wireName()).stream().findFirst());
    }

    @Override
    public void addCa(SshCaRecord ca, AuditEvent event) {
        ColumnLimits.check("keyType", ca.keyType(), ColumnLimits.KEY_TYPE);
        ColumnLimits.check("publicKey", ca.publicKey(), PUBLIC_KEY_TEXT);
        ColumnLimits.check("fingerprint", ca.fingerprint(), FINGERPRINT);
        ColumnLimits.check("keyRef", ca.keyRef(), ColumnLimits.KEY_REF);
        AuditChain.validate(event);
        tx.write("add SSH CA", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            ManagedRows.update(em, "INSERT INTO ssh_cas (ca_type, key_type, public_key, fingerprint, key_ref, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)", ca.type().wireName(), ca.keyType(), ca.publicKey(),
                    ca.fingerprint(), ca.keyRef(), Micros.of(ca.createdAt()));
            AuditChain.append(em, head, event);
            return null;
        });
    }

    @Override
    public void recordIssuance(SshCertificateRecord c, AuditEvent event) {
        if (c.status() != SshCertificateStatus.VALID || c.revokedAt().isPresent() || c.revocationReason().isPresent()) {
            throw new IllegalArgumentException("a newly signed SSH certificate must be VALID, without revocation data");
        }
        ColumnLimits.check("keyId", c.keyId(), KEY_ID);
        ColumnLimits.check("keyType", c.keyType(), KEY_TYPE);
        ColumnLimits.check("fingerprint", c.fingerprint(), FINGERPRINT);
        ColumnLimits.check("caFingerprint", c.caFingerprint(), FINGERPRINT);
        ColumnLimits.check("requestedBy", c.requestedBy(), ColumnLimits.ACTOR);
        c.principals().forEach(p -> ColumnLimits.check("principal", p, PRINCIPAL));
        ColumnLimits.checkBytes("certificate", c.certificate(), ColumnLimits.DER_BYTES);
        Micros.of(c.validAfter());
        Micros.of(c.validBefore());
        Micros.of(c.issuedAt());
        AuditChain.validate(event);
        writer.issue(c, event);
    }

    @Override
    public Optional<SshCertificateRecord> find(long serial) {
        return tx.read("find SSH certificate", em -> ManagedRows.query(em,
                "SELECT " + CERT_COLUMNS + " FROM ssh_certificates WHERE serial = ?", JpaSshStore::certificate, serial)
                .stream().findFirst());
    }

    @Override
    public List<SshCertificateRecord> search(SshCertificateQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + CERT_COLUMNS + " FROM ssh_certificates c WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        q.type().ifPresent(t -> {
            sql.append(" AND c.ca_type = ?");
            params.add(t.wireName());
        });
        q.keyId().ifPresent(k -> {
            sql.append(" AND c.key_id = ?");
            params.add(k);
        });
        q.principal().ifPresent(p -> {
            sql.append(" AND EXISTS (SELECT 1 FROM ssh_certificate_principals p WHERE p.serial = c.serial"
                    + " AND p.principal = ?)");
            params.add(p);
        });
        q.status().ifPresent(s -> {
            switch (s) {
                case VALID -> {
                    sql.append(" AND c.status = 'VALID' AND c.valid_before > ?");
                    params.add(Micros.of(q.now()));
                }
                case REVOKED -> sql.append(" AND c.status = 'REVOKED'");
                case EXPIRED -> {
                    sql.append(" AND c.status = 'VALID' AND c.valid_before <= ?");
                    params.add(Micros.of(q.now()));
                }
            }
        });
        sql.append(" ORDER BY c.issued_at DESC, c.serial DESC LIMIT ").append(q.limit());
        return tx.read("search SSH certificates", em -> ManagedRows.query(em, sql.toString(), JpaSshStore::certificate,
                params.toArray()));
    }

    @Override
    public Block blocked(String fingerprint, SshCaType type, String keyId) {
        return tx.read("check SSH revocations", em -> ManagedRows.query(em,
                "SELECT (SELECT COUNT(*) FROM ssh_revoked_keys WHERE fingerprint = ?),"
                        + " (SELECT COUNT(*) FROM ssh_revoked_key_ids WHERE ca_type = ? AND key_id = ?)",
                rs -> rs.getLong(1) > 0 ? Block.PUBLIC_KEY : rs.getLong(2) > 0 ? Block.KEY_ID : Block.NONE,
                fingerprint, type.wireName(), keyId).getFirst());
    }

    @Override
    public SshRevocationResult revokeSerial(long serial, SshRevocation r, AuditEvent event) {
        check(r);
        AuditChain.validate(event);
        return revoke("revoke SSH certificate", r.at(), event, em -> {
            List<String> status = ManagedRows.query(em, "SELECT status FROM ssh_certificates WHERE serial = ? FOR UPDATE",
                    rs -> rs.getString(1), serial);
            if (status.isEmpty()) {
                throw new StorageException(StorageException.Kind.NOT_FOUND, "no such SSH certificate");
            }
            if (status.getFirst().equals(SshCertificateStatus.REVOKED.name())) {
                throw new StorageException(StorageException.Kind.CONFLICT, "the SSH certificate is already revoked");
            }
            return ManagedRows.update(em, "UPDATE ssh_certificates SET status = 'REVOKED', revoked_at = ?,"
                    + " revocation_reason = ? WHERE serial = ?", Micros.of(r.at()), r.reason(), serial);
        });
    }

    @Override
    public SshRevocationResult revokeKeyId(SshCaType type, String keyId, SshRevocation r, AuditEvent event) {
        Objects.requireNonNull(type, "type");
        ColumnLimits.check("keyId", keyId, KEY_ID);
        check(r);
        AuditChain.validate(event);
        return revoke("revoke SSH key id", r.at(), event, em -> {
            long existing = ManagedRows.query(em, "SELECT COUNT(*) FROM ssh_revoked_key_ids WHERE ca_type = ? AND key_id = ?",
                    rs -> rs.getLong(1), type.wireName(), keyId).getFirst();
            if (existing > 0) {
                throw new StorageException(StorageException.Kind.CONFLICT, "the SSH key id is already revoked");
            }
            ManagedRows.update(em, "INSERT INTO ssh_revoked_key_ids (ca_type, key_id, revoked_at, reason, revoked_by)"
                    + " VALUES (?, ?, ?, ?, ?)", type.wireName(), keyId, Micros.of(r.at()), r.reason(), r.revokedBy());
            return ManagedRows.update(em, "UPDATE ssh_certificates SET status = 'REVOKED', revoked_at = ?,"
                            + " revocation_reason = ? WHERE ca_type = ? AND key_id = ? AND status = 'VALID'",
                    Micros.of(r.at()), r.reason(), type.wireName(), keyId);
        });
    }

    @Override
    public SshRevocationResult revokePublicKey(String fingerprint, String keyType, byte[] blob, SshRevocation r,
                                               AuditEvent event) {
        ColumnLimits.check("fingerprint", fingerprint, FINGERPRINT);
        ColumnLimits.check("keyType", keyType, KEY_TYPE);
        ColumnLimits.checkBytes("public key", blob, KEY_BLOB);
        check(r);
        AuditChain.validate(event);
        byte[] key = blob.clone();
        return revoke("revoke SSH public key", r.at(), event, em -> {
            long existing = ManagedRows.query(em, "SELECT COUNT(*) FROM ssh_revoked_keys WHERE fingerprint = ?",
                    rs -> rs.getLong(1), fingerprint).getFirst();
            if (existing > 0) {
                throw new StorageException(StorageException.Kind.CONFLICT, "the SSH public key is already revoked");
            }
            ManagedRows.update(em, "INSERT INTO ssh_revoked_keys (fingerprint, key_type, public_key, revoked_at, reason,"
                            + " revoked_by) VALUES (?, ?, ?, ?, ?, ?)", fingerprint, keyType, key, Micros.of(r.at()),
                    r.reason(), r.revokedBy());
            return ManagedRows.update(em, "UPDATE ssh_certificates SET status = 'REVOKED', revoked_at = ?,"
                            + " revocation_reason = ? WHERE fingerprint = ? AND status = 'VALID'",
                    Micros.of(r.at()), r.reason(), fingerprint);
        });
    }

    /** One revocation transaction: audit head lock, the change, the KRL version bump, the audit record. */
    private SshRevocationResult revoke(String operation, Instant at, AuditEvent event, Function<EntityManager, Integer> change) {
        long changedAt = Micros.of(at);
        return tx.write(operation, em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            int marked = change.apply(em);
            ManagedRows.update(em, "UPDATE ssh_krl_state SET version = version + 1, changed_at = ? WHERE id = 1", changedAt);
            long version = state(em).version();
            AuditChain.append(em, head, event);
            return new SshRevocationResult(marked, version);
        });
    }

    @Override
    public KrlState krlState() {
        return tx.read("read KRL version", JpaSshStore::state);
    }

    @Override
    public SshRevocationSnapshot revocations() {
        return tx.read("read SSH revocations", em -> {
            // Read committed: each statement sees the latest commits. Every change to these lists increases the
            // version in its own transaction, so an unchanged version before and after means the lists are exactly
            // that version's.
            SshRevocationSnapshot snapshot = null;
            for (int attempt = 0; attempt < SNAPSHOT_ATTEMPTS; attempt++) {
                KrlState before = state(em);
                snapshot = new SshRevocationSnapshot(before,
                        ManagedRows.query(em, "SELECT ca_type, ca_fingerprint, serial FROM ssh_certificates"
                                        + " WHERE status = 'REVOKED' AND valid_before > ?",
                                rs -> new SshRevocationSnapshot.RevokedSerial(caType(rs.getString(1)), rs.getString(2),
                                        rs.getLong(3)), Micros.of(before.horizon())),
                        ManagedRows.query(em, "SELECT ca_type, key_id FROM ssh_revoked_key_ids ORDER BY ca_type, key_id",
                                rs -> new SshRevocationSnapshot.RevokedKeyId(caType(rs.getString(1)), rs.getString(2))),
                        ManagedRows.query(em, "SELECT public_key FROM ssh_revoked_keys ORDER BY fingerprint",
                                rs -> rs.getBytes(1)));
                if (state(em).version() == before.version()) {
                    return snapshot;
                }
            }
            // Still changing: the lists hold at least the version read first, which is what the snapshot says.
            return snapshot;
        });
    }

    @Override
    public Optional<Long> tidy(Instant cutoff, Instant at, AuditEvent event) {
        long cut = Micros.of(cutoff);
        long changedAt = Micros.of(at);
        AuditChain.validate(event);
        return tx.write("tidy KRL", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            KrlState state = state(em);
            long horizon = Micros.of(state.horizon());
            if (cut <= horizon) {
                return Optional.<Long>empty();
            }
            boolean due = !ManagedRows.query(em, "SELECT serial FROM ssh_certificates WHERE status = 'REVOKED'"
                    + " AND valid_before > ? AND valid_before <= ? LIMIT 1", rs -> rs.getLong(1), horizon, cut).isEmpty();
            if (!due) {
                return Optional.<Long>empty();
            }
            ManagedRows.update(em, "UPDATE ssh_krl_state SET version = version + 1, changed_at = ?, horizon = ?"
                    + " WHERE id = 1", changedAt, cut);
            AuditChain.append(em, head, event);
            return Optional.of(state.version() + 1);
        });
    }

    private static KrlState state(EntityManager em) {
        return ManagedRows.query(em, "SELECT version, changed_at, horizon FROM ssh_krl_state WHERE id = 1",
                rs -> new KrlState(rs.getLong(1), Micros.toInstant(rs.getLong(2)), Micros.toInstant(rs.getLong(3))))
                .stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("ssh_krl_state row is missing; V9__ssh.sql inserts it"));
    }

    private static void check(SshRevocation r) {
        ColumnLimits.check("reason", r.reason(), REASON);
        ColumnLimits.check("revokedBy", r.revokedBy(), ColumnLimits.ACTOR);
        Micros.of(r.at());
    }

    private static SshCertificateRecord certificate(ResultSet rs) throws SQLException {
        long revokedAt = rs.getLong(11);
        Optional<Instant> revoked = rs.wasNull() ? Optional.empty() : Optional.of(Micros.toInstant(revokedAt));
        return new SshCertificateRecord(rs.getLong(1), caType(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), Arrays.asList(rs.getString(7).split(",")),
                Micros.toInstant(rs.getLong(8)), Micros.toInstant(rs.getLong(9)),
                SshCertificateStatus.valueOf(rs.getString(10)), revoked, Optional.ofNullable(rs.getString(12)),
                Micros.toInstant(rs.getLong(13)), rs.getString(14), rs.getBytes(15));
    }

    private static SshCaType caType(String text) {
        return SshCaType.valueOf(text.toUpperCase(Locale.ROOT));
    }
}
