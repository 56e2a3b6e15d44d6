package dev.sigil.storage.contract;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.audit.AuditQuery;
import dev.sigil.storage.audit.AuditRecord;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.RevocationRecord;
import dev.sigil.storage.token.TokenRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import static dev.sigil.storage.contract.TestData.NOW;
import static dev.sigil.storage.contract.TestData.certificate;
import static dev.sigil.storage.contract.TestData.event;
import static dev.sigil.storage.contract.TestData.serial;
import static org.assertj.core.api.Assertions.assertThat;

/** Writes through the ledger: revocations, tokens, restarts, streaming revocations. */
abstract class LedgerContract extends DatabaseSuite {

    /** More than one fetch (500 rows) of the streaming revocation query. */
    private static final int REVOCATIONS_TO_STREAM = 520;

    LedgerContract(Backend backend) {
        super(backend);
    }

    private String newIssuer() {
        String id = TestData.issuerId();
        db.ledger().addIssuer(TestData.root(id), event("ca.create", id));
        return id;
    }

    private CertificateRecord issue(String issuer) {
        CertificateRecord c = certificate(issuer, serial());
        db.ledger().recordIssuance(c, event("certificate.issue", issuer + "/" + c.serial()));
        return c;
    }

    private long auditHead() {
        return db.audit().verify().records();
    }

    @Test
    void revokeMarksTheCertificateAndStoresTheRevocationWithItsAuditRecord() {
        String issuer = newIssuer();
        CertificateRecord c = issue(issuer);
        RevocationRecord r = new RevocationRecord(issuer, c.serial(), NOW.plusSeconds(5).plusNanos(123_000), 1,
                Optional.of(NOW.minusSeconds(3600)), "operator-1");
        long before = auditHead();

        db.ledger().revoke(r, event("certificate.revoke", issuer + "/" + c.serial()));

        CertificateRecord revoked = db.certificates().find(issuer, c.serial()).orElseThrow();
        assertThat(revoked.status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(revoked.revokedAt()).contains(r.revokedAt());
        assertThat(revoked.revocationReason()).contains(1);
        List<RevocationRecord> stored = new ArrayList<>();
        db.certificates().forEachRevocation(issuer, stored::add);
        assertThat(stored).containsExactly(r);
        List<AuditRecord> appended = db.audit().list(new AuditQuery(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), before, 10));
        assertThat(appended).singleElement().satisfies(a -> {
            assertThat(a.seq()).isEqualTo(before + 1);
            assertThat(a.event().action()).isEqualTo("certificate.revoke");
            assertThat(a.event().target()).isEqualTo(issuer + "/" + c.serial());
        });
    }

    @Test
    void revokingTwiceIsAConflictAndLeavesOneRow() {
        String issuer = newIssuer();
        CertificateRecord c = issue(issuer);
        db.ledger().revoke(TestData.revocation(issuer, c.serial(), 4), event("certificate.revoke", c.serial()));
        long before = auditHead();

        assertFails(StorageException.Kind.CONFLICT, () -> db.ledger().revoke(
                TestData.revocation(issuer, c.serial(), 1), event("certificate.revoke", c.serial())));

        assertThat(db.certificates().countRevocations(issuer)).isEqualTo(1);
        assertThat(RawSql.queryLong(testDb.settings(), "SELECT COUNT(*) FROM revocations WHERE serial = '"
                + c.serial() + "'")).isEqualTo(1);
        assertThat(db.certificates().find(issuer, c.serial()).orElseThrow().revocationReason()).contains(4);
        assertThat(auditHead()).isEqualTo(before);
    }

    @Test
    void revokingAnUnknownCertificateIsNotFound() {
        String issuer = newIssuer();
        assertFails(StorageException.Kind.NOT_FOUND, () -> db.ledger().revoke(
                TestData.revocation(issuer, serial(), 1), event("certificate.revoke", "x")));
        assertThat(db.certificates().countRevocations(issuer)).isZero();
    }

    @Test
    void concurrentRevokesOfOneSerialLetExactlyOneWin() throws Exception {
        String issuer = newIssuer();
        for (int round = 0; round < 3; round++) {
            CertificateRecord c = issue(issuer);
            ConcurrentLinkedQueue<StorageException.Kind> failures = new ConcurrentLinkedQueue<>();
            int successes = Concurrently.run(12, i -> {
                try {
                    db.ledger().revoke(TestData.revocation(issuer, c.serial(), 1 + i % 6),
                            event("certificate.revoke", c.serial()));
                    return true;
                } catch (StorageException e) {
                    failures.add(e.kind());
                    return false;
                }
            });
            assertThat(successes).isEqualTo(1);
            assertThat(failures).hasSize(11).containsOnly(StorageException.Kind.CONFLICT);
        }
        assertThat(db.certificates().countRevocations(issuer)).isEqualTo(3);
        assertThat(db.audit().verify().intact()).isTrue();
    }

    @Test
    void revocationsStreamInSerialTextOrderAcrossFetches() {
        String issuer = newIssuer();
        List<String> serials = new ArrayList<>();
        for (int i = 0; i < REVOCATIONS_TO_STREAM; i++) {
            // Mixed lengths: text order (the index's, no sort needed) differs from numeric order ("100" < "ff").
            serials.add(i % 10 == 0 ? Integer.toHexString(i + 1) : serial());
        }
        for (String s : serials) {
            db.ledger().recordIssuance(certificate(issuer, s), event("certificate.issue", s));
            db.ledger().revoke(new RevocationRecord(issuer, s, NOW, 1,
                    s.length() % 2 == 0 ? Optional.of(NOW.minusSeconds(60)) : Optional.empty(), "op"),
                    event("certificate.revoke", s));
        }
        List<RevocationRecord> streamed = new ArrayList<>();
        db.certificates().forEachRevocation(issuer, streamed::add);

        assertThat(streamed).extracting(RevocationRecord::serial).containsExactlyElementsOf(serials.stream()
                .sorted().toList());
        assertThat(streamed).allSatisfy(r -> assertThat(r.invalidityDate().isPresent())
                .isEqualTo(r.serial().length() % 2 == 0));
        assertThat(db.certificates().countRevocations(issuer)).isEqualTo(REVOCATIONS_TO_STREAM);
    }

    @Test
    void tokensRoundTripAndRevokeOnce() {
        TokenRecord t = TestData.token("ci-runner");
        db.ledger().addToken(t, event("token.create", t.id()));
        assertThat(db.tokens().find(t.id())).contains(t);
        assertThat(db.tokens().findBySecretHash(t.secretHash())).contains(t);
        assertThat(db.tokens().findBySecretHash("0".repeat(64))).isEmpty();
        assertThat(db.tokens().list()).contains(t);

        TokenRecord sameSecret = new TokenRecord("tok-other", "x", "admin", t.secretHash(), NOW, "admin", Optional.empty());
        assertFails(StorageException.Kind.CONFLICT, () -> db.ledger().addToken(sameSecret, event("token.create", "x")));
        assertFails(StorageException.Kind.CONFLICT, () -> db.ledger().addToken(t, event("token.create", t.id())));

        db.ledger().revokeToken(t.id(), NOW.plusSeconds(1), event("token.revoke", t.id()));
        assertThat(db.tokens().find(t.id()).orElseThrow().revokedAt()).contains(NOW.plusSeconds(1));
        assertThat(db.tokens().find(t.id()).orElseThrow().active()).isFalse();
        assertFails(StorageException.Kind.CONFLICT,
                () -> db.ledger().revokeToken(t.id(), NOW.plusSeconds(2), event("token.revoke", t.id())));
        assertFails(StorageException.Kind.NOT_FOUND,
                () -> db.ledger().revokeToken("tok-none", NOW, event("token.revoke", "tok-none")));
    }

    @Test
    void restartKeepsEverythingAndTheChainContinues() {
        String issuer = newIssuer();
        CertificateRecord kept = issue(issuer);
        CertificateRecord revoked = issue(issuer);
        db.ledger().revoke(TestData.revocation(issuer, revoked.serial(), 5), event("certificate.revoke", revoked.serial()));
        TokenRecord token = TestData.token("restart");
        db.ledger().addToken(token, event("token.create", token.id()));
        long head = auditHead();

        db.close();
        assertFails(StorageException.Kind.UNAVAILABLE, () -> db.certificates().find(issuer, kept.serial()));
        assertFails(StorageException.Kind.UNAVAILABLE, () -> db.ledger().recordIssuance(
                certificate(issuer, serial()), event("certificate.issue", "closed")));
        assertFails(StorageException.Kind.UNAVAILABLE, () -> db.ledger().audit(event("x", "closed")));
        db = testDb.open();

        assertThat(db.ping()).isTrue();
        assertThat(db.productName()).isIn("H2", "MariaDB");
        assertThat(db.certificates().find(issuer, kept.serial())).get().usingRecursiveComparison().isEqualTo(kept);
        assertThat(db.certificates().find(issuer, revoked.serial()).orElseThrow().status())
                .isEqualTo(CertificateStatus.REVOKED);
        assertThat(db.certificates().countRevocations(issuer)).isEqualTo(1);
        assertThat(db.tokens().find(token.id())).contains(token);
        assertThat(db.issuers().find(issuer)).isPresent();
        assertThat(db.audit().verify().intact()).isTrue();

        db.ledger().audit(event("service.start", ""));
        assertThat(db.audit().verify().records()).isEqualTo(head + 1);
        assertThat(db.audit().list(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), head, 1))).singleElement()
                .satisfies(a -> assertThat(a.seq()).isEqualTo(head + 1));
    }

    @Test
    void everyWriteAppendsOneGapFreeAuditRecord() {
        long before = auditHead();
        String issuer = newIssuer();
        CertificateRecord c = issue(issuer);
        db.ledger().revoke(TestData.revocation(issuer, c.serial(), 1), event("certificate.revoke", c.serial()));
        TokenRecord t = TestData.token("gap-free");
        db.ledger().addToken(t, event("token.create", t.id()));
        db.ledger().revokeToken(t.id(), NOW, event("token.revoke", t.id()));
        db.ledger().audit(new dev.sigil.storage.audit.AuditEvent(NOW, "anonymous", "certificate.issue", "", "denied",
                "profile refused"));

        List<AuditRecord> records = db.audit().list(new AuditQuery(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), before, 100));
        assertThat(records).extracting(AuditRecord::seq)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 6).mapToObj(i -> before + i).toList());
        assertThat(records).extracting(a -> a.event().action()).containsExactly("ca.create", "certificate.issue",
                "certificate.revoke", "token.create", "token.revoke", "certificate.issue");
        assertThat(records.getLast().event().outcome()).isEqualTo("denied");
    }

    @Test
    void pingAnswersQuickly() {
        long start = System.nanoTime();
        assertThat(db.ping()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
}
