package dev.sigil.storage.contract;

import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.audit.AuditQuery;
import dev.sigil.storage.audit.AuditRecord;
import dev.sigil.storage.audit.AuditVerification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static dev.sigil.storage.contract.TestData.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log: filters, the documented hash format, and tamper detection. Each test tampers through plain
 * SQL, as an attacker with database access would; the chain is snapshotted before and restored after each
 * test, and must verify again once restored.
 */
abstract class AuditContract extends DatabaseSuite {

    private static final int RECORDS = 6;
    private long base;

    AuditContract(Backend backend) {
        super(backend);
    }

    @BeforeEach
    void appendRecordsAndSnapshot() {
        base = db.audit().verify().records();
        for (int i = 1; i <= RECORDS; i++) {
            db.ledger().audit(new AuditEvent(NOW.plusSeconds(i).plusNanos(i * 1_000), i % 2 == 0 ? "alice" : "bob",
                    i % 3 == 0 ? "token.create" : "certificate.issue", "target-" + i, i == RECORDS ? "denied" : "success",
                    "{\"n\":" + i + ",\"note\":\"größe ✓\"}"));
        }
        sql("CREATE TABLE audit_log_backup AS SELECT * FROM audit_log");
        sql("CREATE TABLE audit_head_backup AS SELECT * FROM audit_head");
    }

    @AfterEach
    void restoreAndCheckIntact() {
        if (db == null) {
            return; // skipped: no database
        }
        sql("DELETE FROM audit_log");
        sql("INSERT INTO audit_log SELECT * FROM audit_log_backup");
        sql("UPDATE audit_head SET seq = (SELECT seq FROM audit_head_backup), hash = (SELECT hash FROM audit_head_backup)");
        sql("DROP TABLE audit_log_backup");
        sql("DROP TABLE audit_head_backup");
        assertThat(db.audit().verify().intact()).as("intact again once restored").isTrue();
    }

    private int sql(String statement) {
        return RawSql.execute(testDb.settings(), statement);
    }

    private long seq(int i) {
        return base + i;
    }

    @Test
    void listFiltersExactlyAndPagesBySeq() {
        AuditQuery all = new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), base, 100);
        List<AuditRecord> records = db.audit().list(all);
        assertThat(records).extracting(AuditRecord::seq).containsExactly(seq(1), seq(2), seq(3), seq(4), seq(5), seq(6));
        assertThat(records.getFirst().event()).isEqualTo(new AuditEvent(NOW.plusSeconds(1).plusNanos(1_000), "bob",
                "certificate.issue", "target-1", "success", "{\"n\":1,\"note\":\"größe ✓\"}"));

        assertThat(seqs(new AuditQuery(Optional.of("alice"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), base, 100))).containsExactly(seq(2), seq(4), seq(6));
        assertThat(seqs(new AuditQuery(Optional.of("alice"), Optional.of("token.create"), Optional.empty(),
                Optional.empty(), Optional.empty(), base, 100))).containsExactly(seq(6));
        assertThat(seqs(new AuditQuery(Optional.empty(), Optional.empty(), Optional.of("target-5"), Optional.empty(),
                Optional.empty(), base, 100))).containsExactly(seq(5));
        Instant from = NOW.plusSeconds(2).plusNanos(2_000);
        Instant to = NOW.plusSeconds(4).plusNanos(4_000);
        assertThat(seqs(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(from),
                Optional.of(to), base, 100))).as("from inclusive, to exclusive").containsExactly(seq(2), seq(3));
        assertThat(seqs(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), seq(2), 3))).containsExactly(seq(3), seq(4), seq(5));
    }

    @Test
    void hashesFollowTheDocumentedCanonicalFormAndLink() throws Exception {
        List<AuditRecord> records = db.audit().list(AuditQuery.all(AuditQuery.MAX_LIMIT));
        assertThat(records.getFirst().prevHash()).isEqualTo("0".repeat(64));
        for (int i = 0; i < records.size(); i++) {
            AuditRecord r = records.get(i);
            assertThat(r.seq()).isEqualTo(i + 1);
            assertThat(r.hash()).isEqualTo(expectedHash(r));
            if (i > 0) {
                assertThat(r.prevHash()).isEqualTo(records.get(i - 1).hash());
            }
        }
        AuditVerification v = db.audit().verify();
        assertThat(v.intact()).isTrue();
        assertThat(v.records()).isEqualTo(records.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"details = 'tampered'", "actor = 'mallory'", "action = 'x'", "target = 'y'",
            "outcome = 'failed'", "at = at + 1", "prev_hash = hash"})
    void anEditedFieldIsDetected(String change) {
        assertThat(sql("UPDATE audit_log SET " + change + " WHERE seq = " + seq(4))).isEqualTo(1);
        AuditVerification v = db.audit().verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBrokenSeq()).contains(seq(4));
        assertThat(v.records()).isEqualTo(seq(3));
        assertThat(v.problem()).isPresent();
    }

    @Test
    void aDeletedRecordIsDetected() {
        sql("DELETE FROM audit_log WHERE seq = " + seq(3));
        AuditVerification v = db.audit().verify();
        assertThat(v.firstBrokenSeq()).contains(seq(3));
        assertThat(v.problem()).hasValueSatisfying(p -> assertThat(p).contains("missing"));
    }

    @Test
    void aDeletedLastRecordIsDetected() {
        sql("DELETE FROM audit_log WHERE seq = " + seq(RECORDS));
        assertThat(db.audit().verify().firstBrokenSeq()).contains(seq(RECORDS));
    }

    @Test
    void reorderedRecordsAreDetected() {
        sql("UPDATE audit_log SET seq = -1 WHERE seq = " + seq(2));
        sql("UPDATE audit_log SET seq = " + seq(2) + " WHERE seq = " + seq(3));
        sql("UPDATE audit_log SET seq = " + seq(3) + " WHERE seq = -1");
        assertThat(db.audit().verify().firstBrokenSeq()).contains(seq(2));
    }

    @Test
    void aRecordSmuggledInBeyondTheHeadIsDetected() {
        sql("INSERT INTO audit_log SELECT seq + 1, at, actor, action, target, outcome, details, hash, hash"
                + " FROM audit_log WHERE seq = " + seq(RECORDS));
        assertThat(db.audit().verify().firstBrokenSeq()).contains(seq(RECORDS) + 1);
    }

    private List<Long> seqs(AuditQuery q) {
        return db.audit().list(q).stream().map(AuditRecord::seq).toList();
    }

    /** The canonical form as documented in AuditChain, re-implemented independently. */
    private static String expectedHash(AuditRecord r) throws IOException, java.security.NoSuchAlgorithmException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        field(out, "sigil-audit-v1");
        out.writeLong(r.seq());
        field(out, r.prevHash());
        Instant at = r.event().at();
        out.writeLong(at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000);
        for (String f : List.of(r.event().actor(), r.event().action(), r.event().target(), r.event().outcome(),
                r.event().details())) {
            field(out, f);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    }

    private static void field(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
