package dev.sigil.storage.contract;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.acme.RenewalOverride;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.audit.AuditQuery;
import dev.sigil.storage.audit.AuditRecord;
import dev.sigil.storage.certificate.CertificateRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static dev.sigil.storage.contract.TestData.NOW;
import static dev.sigil.storage.contract.TestData.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Operators' ACME renewal window overrides (RFC 9773): round trip, replacement, refusals and their audit records. */
abstract class AcmeRenewalContract extends DatabaseSuite {

    private static final int RACERS = 8;

    AcmeRenewalContract(Backend backend) {
        super(backend);
    }

    private AcmeStore acme() {
        return db.acme();
    }

    private long auditHead() {
        return db.audit().verify().records();
    }

    private List<AuditRecord> auditSince(long seq) {
        return db.audit().list(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), seq, 100));
    }

    private long rows(CertificateRecord c) {
        return RawSql.queryLong(testDb.settings(), "SELECT COUNT(*) FROM acme_renewal_windows WHERE issuer_id = '"
                + c.issuerId() + "' AND serial = '" + c.serial() + "'");
    }

    /** A certificate committed under a fresh issuer. */
    private CertificateRecord issued() {
        String issuer = TestData.issuerId();
        db.ledger().addIssuer(TestData.root(issuer), event("ca.create", issuer));
        CertificateRecord c = TestData.certificate(issuer, TestData.serial());
        db.ledger().recordIssuance(c, event("certificate.issue", issuer + "/" + c.serial()));
        return c;
    }

    /** An override whose instants all carry microseconds (the stored precision), so round trips compare exactly. */
    private static RenewalOverride override(CertificateRecord c, Instant start, String reason, String by) {
        return new RenewalOverride(c.issuerId(), c.serial(), start, start.plus(Duration.ofHours(6)).plusNanos(3_000),
                reason, NOW.plusNanos(5_000), by);
    }

    private static AuditEvent suggested(CertificateRecord c) {
        return event("acme.renewal.suggest", c.issuerId() + "/" + c.serial());
    }

    @Test
    void anOverrideRoundTripsExactlyAndSurvivesARestart() {
        CertificateRecord c = issued();
        RenewalOverride o = override(c, NOW.plus(Duration.ofDays(1)).plusNanos(1_000),
                "planned revocation of int-3 — Ünïcödé", "alice");
        assertThat(acme().renewalOverride(c.issuerId(), c.serial())).isEmpty();

        acme().suggestRenewal(o, suggested(c));

        assertThat(acme().renewalOverride(c.issuerId(), c.serial())).contains(o);
        restart();
        assertThat(acme().renewalOverride(c.issuerId(), c.serial())).contains(o);
        CertificateRecord other = issued();
        assertThat(acme().renewalOverride(other.issuerId(), other.serial())).as("another certificate").isEmpty();
        assertThat(acme().renewalOverride(other.issuerId(), c.serial())).as("same serial, other issuer").isEmpty();
        assertThat(acme().renewalOverride(c.issuerId(), "f".repeat(500))).as("too long to exist").isEmpty();
        assertThat(acme().renewalOverride("", c.serial())).isEmpty();
    }

    @Test
    void aLaterSuggestionReplacesTheEarlierOne() {
        CertificateRecord c = issued();
        RenewalOverride first = override(c, NOW.plus(Duration.ofDays(10)), "first", "alice");
        RenewalOverride second = new RenewalOverride(c.issuerId(), c.serial(), NOW.minus(Duration.ofHours(1)),
                NOW.plusSeconds(1), "second, sooner", NOW.plusSeconds(60), "bob");
        acme().suggestRenewal(first, suggested(c));

        acme().suggestRenewal(second, suggested(c));

        assertThat(acme().renewalOverride(c.issuerId(), c.serial())).contains(second);
        assertThat(rows(c)).isEqualTo(1);
    }

    @Test
    void racingSuggestionsForOneCertificateAllCommitAndLeaveOneOfThem() throws Exception {
        CertificateRecord c = issued();
        List<RenewalOverride> racers = IntStream.range(0, RACERS)
                .mapToObj(i -> override(c, NOW.plusSeconds(i), "racer " + i, "op-" + i)).toList();
        long before = auditHead();

        int committed = Concurrently.run(RACERS, i -> {
            acme().suggestRenewal(racers.get(i), suggested(c));
            return true;
        });

        assertThat(committed).isEqualTo(RACERS);
        assertThat(rows(c)).isEqualTo(1);
        assertThat(racers).contains(acme().renewalOverride(c.issuerId(), c.serial()).orElseThrow());
        assertThat(auditHead()).isEqualTo(before + RACERS);
    }

    @Test
    void anUnknownCertificateIsNotFoundAndNothingIsWritten() {
        CertificateRecord c = issued();
        CertificateRecord unknownSerial = TestData.certificate(c.issuerId(), TestData.serial());
        CertificateRecord unknownIssuer = TestData.certificate("int-nobody", c.serial());
        long before = auditHead();

        for (CertificateRecord missing : List.of(unknownSerial, unknownIssuer)) {
            assertFails(StorageException.Kind.NOT_FOUND, () -> acme().suggestRenewal(
                    override(missing, NOW, "none", "alice"), suggested(missing)));
            assertThat(acme().renewalOverride(missing.issuerId(), missing.serial())).isEmpty();
            assertThat(rows(missing)).isZero();
        }
        assertThat(auditHead()).as("no audit record for a refused suggestion").isEqualTo(before);
        assertThat(db.audit().verify().intact()).isTrue();
    }

    @Test
    void valuesThatDoNotFitAreRefusedBeforeAnythingIsWritten() {
        CertificateRecord c = issued();
        long before = auditHead();

        assertThatThrownBy(() -> acme().suggestRenewal(override(c, NOW, "r".repeat(256), "alice"), suggested(c)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> acme().suggestRenewal(override(c, NOW, "", "alice"), suggested(c)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> acme().suggestRenewal(override(c, NOW, "ok", "a".repeat(256)), suggested(c)))
                .isInstanceOf(IllegalArgumentException.class);
        // Different instants, but the same microsecond: stored, the window would be empty.
        RenewalOverride subMicro = new RenewalOverride(c.issuerId(), c.serial(), NOW, NOW.plusNanos(500), "ok",
                NOW, "alice");
        assertThatThrownBy(() -> acme().suggestRenewal(subMicro, suggested(c)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("microsecond");
        assertThatThrownBy(() -> new RenewalOverride(c.issuerId(), c.serial(), NOW, NOW, "ok", NOW, "alice"))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(rows(c)).isZero();
        assertThat(auditHead()).isEqualTo(before);
    }

    @Test
    void suggestionsAppendAuditRecordsToAChainThatStillVerifies() {
        CertificateRecord c = issued();
        long before = auditHead();
        acme().suggestRenewal(override(c, NOW, "first", "alice"), AuditEvent.success(NOW, "alice",
                "acme.renewal.suggest", c.issuerId() + "/" + c.serial(), "reason=first"));
        acme().suggestRenewal(override(c, NOW.plusSeconds(5), "second", "bob"), AuditEvent.success(NOW, "bob",
                "acme.renewal.suggest", c.issuerId() + "/" + c.serial(), "reason=second"));
        acme().renewalOverride(c.issuerId(), c.serial());

        List<AuditRecord> appended = auditSince(before);
        assertThat(appended).extracting(r -> r.event().action())
                .containsExactly("acme.renewal.suggest", "acme.renewal.suggest");
        assertThat(appended).extracting(r -> r.event().actor()).containsExactly("alice", "bob");
        assertThat(appended).extracting(r -> r.event().details()).containsExactly("reason=first", "reason=second");
        assertThat(appended).allSatisfy(r -> assertThat(r.event().target()).isEqualTo(c.issuerId() + "/" + c.serial()));
        assertThat(auditHead()).isEqualTo(before + 2);
        assertThat(db.audit().verify().intact()).isTrue();
    }
}
