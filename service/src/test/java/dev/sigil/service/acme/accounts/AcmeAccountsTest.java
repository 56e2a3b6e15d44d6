package dev.sigil.service.acme.accounts;

import dev.sigil.service.ca.revocation.RevocationReason;
import dev.sigil.service.ca.revocation.RevocationService;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.testing.TestClock;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeIdentifier;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.audit.AuditQuery;
import dev.sigil.storage.audit.AuditRecord;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.RevocationRecord;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.issuer.IssuerKind;
import dev.sigil.storage.issuer.IssuerRecord;
import dev.sigil.storage.ledger.Ledger;
import dev.sigil.storage.token.TokenRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link AcmeAccounts} on an embedded database: revoking what an account holds (more certificates than run at once,
 * across pages), what it leaves alone, the CRL republication it schedules, its audit records, and a run that the
 * database interrupts midway and a second run that finishes it.
 */
class AcmeAccountsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T20:00:00Z");
    private static final String ISSUER = "int-accounts";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Certificates the revoker reads at a time here: small, so that a few dozen cross pages. */
    private static final int PAGE = 16;
    /** More than runs at once, across several pages. */
    private static final int HELD = AccountRevoker.PARALLELISM + 2 * PAGE + 7;
    /** Revocations the lost database lets through in the interrupted run. */
    private static final int BEFORE_FAILURE = 25;

    @TempDir
    Path dir;
    Database db;
    final TestClock clock = new TestClock(NOW);
    final Set<String> republished = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void open() {
        db = Database.open(DatabaseSettings.embedded(dir));
        db.ledger().addIssuer(new IssuerRecord(ISSUER, "Accounts Test CA", IssuerKind.ROOT, Optional.empty(),
                "CN=Accounts Test CA", "EC_P256", "test", new byte[] {1, 2, 3}, NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(3650)), NOW), AuditEvent.success(NOW, "test", "ca.create", ISSUER, ""));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private AcmeAccounts accounts(Ledger ledger) {
        RevocationService revocation = new RevocationService(db.certificates(), ledger, republished::add,
                new SigilMetrics(), clock);
        return new AcmeAccounts(db.acme(), revocation, ledger, Set.of("default"), clock, PAGE);
    }

    private AcmeAccount account() {
        AcmeAccount a = new AcmeAccount(random(), "default", random() + random(), "{}", AcmeStatus.Account.VALID,
                List.of(), true, Optional.empty(), NOW.minus(Duration.ofDays(2)));
        db.acme().createAccount(a, AuditEvent.success(NOW, "test", "acme.account.create", a.id(), ""));
        return a;
    }

    /** {@code n} orders of the account, each with a certificate expiring at {@code notAfter}. */
    private List<CertificateRecord> certificates(AcmeAccount a, int n, Instant notAfter) {
        AcmeIdentifier ip = new AcmeIdentifier("ip", "127.0.0.1");
        AcmeAuthorization authz = new AcmeAuthorization(random(), a.id(), a.directory(), ip, false,
                AcmeStatus.Authorization.VALID, NOW.plus(Duration.ofDays(30)), List.of(), NOW.minus(Duration.ofDays(1)));
        List<CertificateRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CertificateRecord c = new CertificateRecord(ISSUER, new BigInteger(128, RANDOM).toString(16),
                    "CN=127.0.0.1", List.of(San.ip("127.0.0.1")), "EC_P256", NOW.minus(Duration.ofDays(1)), notAfter,
                    CertificateStatus.VALID, Optional.empty(), Optional.empty(), Optional.of("acme/default"),
                    Optional.empty(), "server", new byte[] {4, 5, 6}, NOW.minus(Duration.ofDays(1)),
                    "acme:" + a.id());
            db.ledger().recordIssuance(c, AuditEvent.success(NOW, "test", "certificate.issue", c.serial(), ""));
            AcmeOrder o = new AcmeOrder(random(), a.id(), a.directory(), AcmeStatus.Order.VALID,
                    NOW.plus(Duration.ofDays(7)), List.of(ip), Optional.empty(), Optional.empty(), List.of(authz.id()),
                    Optional.empty(), Optional.of(ISSUER), Optional.of(c.serial()), Optional.empty(),
                    NOW.minus(Duration.ofDays(1)).plusMillis(i));
            db.acme().createOrder(o, i > 0 ? List.of() : List.of(authz)); // later orders reuse it
            out.add(c);
        }
        return out;
    }

    private String status(CertificateRecord c) {
        return db.certificates().find(c.issuerId(), c.serial()).orElseThrow().statusAt(clock.instant()).name();
    }

    private List<AuditRecord> audit(String action) {
        return db.audit().list(new AuditQuery(Optional.empty(), Optional.of(action), Optional.empty(), Optional.empty(),
                Optional.empty(), 0, AuditQuery.MAX_LIMIT));
    }

    @Test
    void revokesEveryStillValidCertificateOfTheAccountAndLeavesTheRestAlone() {
        AcmeAccount a = account();
        AcmeAccount other = account();
        List<CertificateRecord> valid = certificates(a, HELD, NOW.plus(Duration.ofDays(30)));
        List<CertificateRecord> expired = certificates(a, 3, NOW.minusSeconds(1));
        CertificateRecord theirs = certificates(other, 1, NOW.plus(Duration.ofDays(30))).getFirst();

        AcmeAccounts.Revocations first = accounts(db.ledger()).revokeCertificates(a.id(),
                RevocationReason.parseRequested("superseded"), false, "alice");
        AcmeAccounts.Revocations again = accounts(db.ledger()).revokeCertificates(a.id(),
                RevocationReason.parseRequested("keyCompromise"), true, "bob");

        assertThat(first.revoked()).extracting(CertificateRecord::serial)
                .containsExactlyInAnyOrderElementsOf(valid.stream().map(CertificateRecord::serial).toList());
        assertThat(first.revoked()).allSatisfy(c -> assertThat(c.status()).isEqualTo(CertificateStatus.REVOKED));
        assertThat(first.alreadyRevoked()).isZero();
        assertThat(first.expired()).isEqualTo(3);
        assertThat(first.deactivated()).isFalse();
        assertThat(first.account().validCertificates()).isZero();
        assertThat(first.account().account().status()).isEqualTo(AcmeStatus.Account.VALID);
        assertThat(again.revoked()).isEmpty();
        assertThat(again.alreadyRevoked()).isEqualTo(HELD);
        assertThat(again.expired()).isEqualTo(3);
        assertThat(again.deactivated()).isTrue();
        assertThat(again.account().account().status()).isEqualTo(AcmeStatus.Account.DEACTIVATED);
        assertThat(valid).allSatisfy(c -> assertThat(status(c)).isEqualTo("REVOKED"));
        assertThat(db.certificates().find(ISSUER, valid.getFirst().serial()).orElseThrow().revocationReason())
                .as("the first run's reason stays").contains(4);
        assertThat(expired).allSatisfy(c -> assertThat(status(c)).isEqualTo("EXPIRED"));
        assertThat(status(theirs)).isEqualTo("VALID");
        assertThat(republished).containsExactly(ISSUER);
        assertThat(audit("certificate.revoke")).hasSize(HELD);
        assertThat(audit("acme.account.revoke-certificates")).extracting(r -> r.event().actor() + " "
                + r.event().details()).containsExactly(
                "alice reason=superseded revoked=" + HELD + " alreadyRevoked=0 expired=3",
                "bob reason=keyCompromise revoked=0 alreadyRevoked=" + HELD + " expired=3");
        assertThat(audit("acme.account.deactivate")).extracting(r -> r.event().actor()).containsExactly("bob");
        assertThat(db.audit().verify().intact()).isTrue();
    }

    @Test
    void aRunInterruptedByTheDatabaseSaysHowFarItGotAndASecondRunRevokesTheRest() {
        AcmeAccount a = account();
        List<CertificateRecord> held = certificates(a, HELD, NOW.plus(Duration.ofDays(30)));
        Ledger failing = new FailingAfter(db.ledger(), BEFORE_FAILURE);

        assertThatThrownBy(() -> accounts(failing).revokeCertificates(a.id(),
                RevocationReason.parseRequested("keyCompromise"), false, "alice"))
                .isInstanceOfSatisfying(SigilException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("revoked " + BEFORE_FAILURE + " certificate(s) of ACME account " + a.id(),
                            "run it again");
                });
        Set<String> revokedFirst = new HashSet<>();
        held.stream().filter(c -> status(c).equals("REVOKED")).forEach(c -> revokedFirst.add(c.serial()));
        assertThat(revokedFirst).hasSize(BEFORE_FAILURE);
        assertThat(audit("acme.account.revoke-certificates")).singleElement()
                .satisfies(r -> assertThat(r.event().outcome()).isEqualTo("failed"));

        AcmeAccounts.Revocations rest = accounts(db.ledger()).revokeCertificates(a.id(),
                RevocationReason.parseRequested("keyCompromise"), false, "alice");

        assertThat(rest.revoked()).hasSize(HELD - BEFORE_FAILURE);
        assertThat(rest.alreadyRevoked()).isEqualTo(BEFORE_FAILURE);
        assertThat(rest.revoked()).extracting(CertificateRecord::serial).doesNotContainAnyElementsOf(revokedFirst);
        assertThat(held).allSatisfy(c -> assertThat(status(c)).isEqualTo("REVOKED"));
        assertThat(audit("certificate.revoke")).hasSize(HELD);
        assertThat(rest.account().validCertificates()).isZero();
        assertThat(db.audit().verify().intact()).isTrue();
    }

    @Test
    void deactivationIsRefusedOnceTheAccountIsNoLongerValid() {
        AcmeAccount a = account();
        AcmeAccounts accounts = accounts(db.ledger());

        assertThat(accounts.deactivate(a.id(), "alice").account().status()).isEqualTo(AcmeStatus.Account.DEACTIVATED);
        assertThatThrownBy(() -> accounts.deactivate(a.id(), "alice")).isInstanceOfSatisfying(SigilException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        assertThatThrownBy(() -> accounts.deactivate("nope", "alice")).isInstanceOfSatisfying(SigilException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThat(audit("acme.account.deactivate")).hasSize(1);
    }

    private static String random() {
        return new BigInteger(96, RANDOM).toString(36);
    }

    /** The ledger until {@code allowed} revocations have committed; every later one fails as a lost database would. */
    private static final class FailingAfter implements Ledger {
        private final Ledger delegate;
        private final AtomicInteger left;

        FailingAfter(Ledger delegate, int allowed) {
            this.delegate = delegate;
            this.left = new AtomicInteger(allowed);
        }

        @Override
        public void revoke(RevocationRecord revocation, AuditEvent event) {
            if (left.getAndDecrement() <= 0) {
                throw new StorageException(StorageException.Kind.UNAVAILABLE, "connection lost");
            }
            delegate.revoke(revocation, event);
        }

        @Override
        public void recordIssuance(CertificateRecord certificate, AuditEvent event) {
            delegate.recordIssuance(certificate, event);
        }

        @Override
        public void addIssuer(IssuerRecord issuer, AuditEvent event) {
            delegate.addIssuer(issuer, event);
        }

        @Override
        public void addToken(TokenRecord token, AuditEvent event) {
            delegate.addToken(token, event);
        }

        @Override
        public void revokeToken(String tokenId, Instant at, AuditEvent event) {
            delegate.revokeToken(tokenId, at, event);
        }

        @Override
        public void audit(AuditEvent event) {
            delegate.audit(event);
        }
    }
}
