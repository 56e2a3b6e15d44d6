package dev.sigil.storage.contract;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.managed.ManagedCertificate;
import dev.sigil.storage.managed.ManagedSpec;
import dev.sigil.storage.managed.ManagedState;
import dev.sigil.storage.managed.ManagedVersion;
import dev.sigil.storage.managed.RenewalRule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static dev.sigil.storage.contract.TestData.NOW;
import static dev.sigil.storage.contract.TestData.event;
import static dev.sigil.storage.contract.TestData.serial;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Managed certificates: exact round trips, the compare-and-set that lets only one node renew, rotation history,
 * backoff after failures, deletion, and superseded versions due for revocation.
 */
abstract class ManagedStoreContract extends DatabaseSuite {

    private final String issuer = TestData.issuerId();

    ManagedStoreContract(Backend backend) {
        super(backend);
    }

    private String name() {
        return "svc-" + HexFormat.of().formatHex(TestData.bytes(5));
    }

    private CertificateRecord issued(Instant notAfter) {
        if (db.issuers().find(issuer).isEmpty()) {
            db.ledger().addIssuer(TestData.root(issuer), event("ca.create", issuer));
        }
        CertificateRecord c = TestData.certificate(issuer, serial(), NOW, notAfter);
        db.ledger().recordIssuance(c, event("certificate.issue", c.serial()));
        return c;
    }

    private static ManagedSpec spec(String name, RenewalRule rule) {
        return new ManagedSpec(name, Optional.of("web.internal"), List.of(San.dns("web.internal"), San.ip("10.1.2.3")),
                "server", "EC_P256", Duration.ofDays(30), rule, Optional.of("team-web"), true, Duration.ofHours(1));
    }

    private ManagedCertificate create(String name, RenewalRule rule, Instant renewAt) {
        CertificateRecord c = issued(NOW.plus(Duration.ofDays(30)));
        ManagedCertificate m = new ManagedCertificate(spec(name, rule), ManagedState.ACTIVE, 1, issuer, c.serial(),
                c.notAfter(), renewAt, 0, NOW, Optional.empty(), Optional.empty(), 0, NOW, "operator");
        db.managed().create(m, ManagedVersion.fresh(name, 1, issuer, c.serial(), c.notAfter(), new byte[]{1, 2, 3}, NOW),
                event("managed.create", name));
        return db.managed().find(name).orElseThrow();
    }

    @Test
    void aManagedCertificateRoundTripsWithBothRenewalRules() {
        String a = name();
        String b = name();
        ManagedCertificate fraction = create(a, new RenewalRule.AtFraction(0.6667), NOW.plus(Duration.ofDays(20)));
        ManagedCertificate before = create(b, new RenewalRule.BeforeExpiry(Duration.ofDays(7)), NOW.plus(Duration.ofDays(23)));

        assertThat(fraction.spec()).isEqualTo(spec(a, new RenewalRule.AtFraction(0.6667)));
        assertThat(before.spec().renewal()).isEqualTo(new RenewalRule.BeforeExpiry(Duration.ofDays(7)));
        assertThat(fraction.nextRenewalAt()).isEqualTo(NOW.plus(Duration.ofDays(20)));
        assertThat(fraction.currentNotAfter()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        assertThat(fraction.state()).isEqualTo(ManagedState.ACTIVE);
        assertThat(db.managed().list()).extracting(ManagedCertificate::name).contains(a, b);
        assertThat(db.managed().version(a, 1).orElseThrow().encryptedKey()).containsExactly(1, 2, 3);
        assertThat(db.managed().anyVersions()).isTrue();
    }

    @Test
    void aNameIsTakenOnceAndTheCertificateMustBeInTheInventory() {
        String n = name();
        create(n, new RenewalRule.AtFraction(0.5), NOW);
        CertificateRecord c = issued(NOW.plus(Duration.ofDays(30)));
        ManagedCertificate again = new ManagedCertificate(spec(n, new RenewalRule.AtFraction(0.5)), ManagedState.ACTIVE, 1,
                issuer, c.serial(), c.notAfter(), NOW, 0, NOW, Optional.empty(), Optional.empty(), 0, NOW, "operator");
        assertFails(StorageException.Kind.CONFLICT, () -> db.managed().create(again,
                ManagedVersion.fresh(n, 1, issuer, c.serial(), c.notAfter(), new byte[]{9}, NOW), event("managed.create", n)));

        String m = name();
        ManagedCertificate ghost = new ManagedCertificate(spec(m, new RenewalRule.AtFraction(0.5)), ManagedState.ACTIVE, 1,
                issuer, "abcdef", c.notAfter(), NOW, 0, NOW, Optional.empty(), Optional.empty(), 0, NOW, "operator");
        assertFails(StorageException.Kind.NOT_FOUND, () -> db.managed().create(ghost,
                ManagedVersion.fresh(m, 1, issuer, "abcdef", c.notAfter(), new byte[]{9}, NOW), event("managed.create", m)));
        assertThat(db.managed().find(m)).isEmpty();
    }

    @Test
    void onlyOneOfTwoClaimsOnTheSameRowWinsAndALeaseHidesTheRowFromDue() {
        String n = name();
        ManagedCertificate m = create(n, new RenewalRule.AtFraction(0.5), NOW.minusSeconds(1));
        assertThat(db.managed().due(NOW, 1000)).extracting(ManagedCertificate::name).contains(n);

        Optional<ManagedCertificate> first = db.managed().claim(n, m.rowVersion(), NOW.plusSeconds(300));
        Optional<ManagedCertificate> second = db.managed().claim(n, m.rowVersion(), NOW.plusSeconds(300));

        assertThat(first).isPresent();
        assertThat(first.get().rowVersion()).isGreaterThan(m.rowVersion());
        assertThat(first.get().claimedUntil()).contains(NOW.plusSeconds(300));
        assertThat(second).isEmpty();
        assertThat(db.managed().due(NOW, 1000)).extracting(ManagedCertificate::name).doesNotContain(n);
        assertThat(db.managed().due(NOW.plusSeconds(301), 1000)).as("an expired lease is taken over")
                .extracting(ManagedCertificate::name).contains(n);
    }

    @Test
    void rotationMakesTheNewVersionCurrentAndSchedulesTheOldOnesRevocation() {
        String n = name();
        ManagedCertificate m = create(n, new RenewalRule.AtFraction(0.5), NOW.minusSeconds(1));
        ManagedCertificate claimed = db.managed().claim(n, m.rowVersion(), NOW.plusSeconds(300)).orElseThrow();
        CertificateRecord next = issued(NOW.plus(Duration.ofDays(60)));
        Instant at = NOW.plusSeconds(10);
        ManagedVersion v2 = ManagedVersion.fresh(n, 2, issuer, next.serial(), next.notAfter(), new byte[]{4, 5}, at);

        assertThat(db.managed().rotate(n, m.rowVersion(), v2, NOW.plus(Duration.ofDays(45)),
                Optional.of(at.plus(Duration.ofHours(1))), event("managed.rotate", n))).as("stale row version").isFalse();
        assertThat(db.managed().rotate(n, claimed.rowVersion(), v2, NOW.plus(Duration.ofDays(45)),
                Optional.of(at.plus(Duration.ofHours(1))), event("managed.rotate", n))).isTrue();

        ManagedCertificate now = db.managed().find(n).orElseThrow();
        assertThat(now.currentVersion()).isEqualTo(2);
        assertThat(now.currentSerial()).isEqualTo(next.serial());
        assertThat(now.claimedUntil()).isEmpty();
        assertThat(now.nextRenewalAt()).isEqualTo(NOW.plus(Duration.ofDays(45)));
        List<ManagedVersion> history = db.managed().history(n);
        assertThat(history).extracting(ManagedVersion::version).containsExactly(1, 2);
        assertThat(history).allSatisfy(v -> assertThat(v.encryptedKey()).as("listings carry no keys").isEmpty());
        assertThat(history.get(0).supersededAt()).contains(at);
        assertThat(history.get(1).supersededAt()).isEmpty();

        assertThat(db.managed().revocationsDue(at.plus(Duration.ofMinutes(59)), 1000)).extracting(ManagedVersion::name)
                .doesNotContain(n);
        assertThat(db.managed().revocationsDue(at.plus(Duration.ofHours(1)), 1000))
                .filteredOn(v -> v.name().equals(n)).extracting(ManagedVersion::version).containsExactly(1);
        db.managed().markRevoked(n, 1);
        assertThat(db.managed().revocationsDue(at.plus(Duration.ofDays(1)), 1000)).extracting(ManagedVersion::name)
                .doesNotContain(n);
        assertThat(db.managed().version(n, 1).orElseThrow().revoked()).isTrue();
    }

    @Test
    void aFailureBacksOffAndKeepsItsReasonUntilTheNextSuccess() {
        String n = name();
        ManagedCertificate m = create(n, new RenewalRule.AtFraction(0.5), NOW.minusSeconds(1));
        ManagedCertificate claimed = db.managed().claim(n, m.rowVersion(), NOW.plusSeconds(300)).orElseThrow();

        assertThat(db.managed().recordFailure(n, claimed.rowVersion(), 1, NOW.plusSeconds(60), "policy refused: x".repeat(100),
                event("managed.renew.failed", n))).isTrue();

        ManagedCertificate failed = db.managed().find(n).orElseThrow();
        assertThat(failed.consecutiveFailures()).isEqualTo(1);
        assertThat(failed.lastError()).hasValueSatisfying(e -> assertThat(e).hasSize(ManagedCertificate.MAX_ERROR));
        assertThat(failed.claimedUntil()).isEmpty();
        assertThat(db.managed().due(NOW.plusSeconds(59), 1000)).extracting(ManagedCertificate::name).doesNotContain(n);
        assertThat(db.managed().due(NOW.plusSeconds(60), 1000)).extracting(ManagedCertificate::name).contains(n);
        assertThat(db.managed().recordFailure(n, claimed.rowVersion(), 2, NOW, "again", event("managed.renew.failed", n)))
                .as("stale").isFalse();
    }

    @Test
    void theSpecCanBeReplacedOnlyFromTheCurrentRowVersionAndOnlyWhileActive() {
        String n = name();
        ManagedCertificate m = create(n, new RenewalRule.AtFraction(0.5), NOW.plus(Duration.ofDays(15)));
        ManagedSpec wider = new ManagedSpec(n, Optional.empty(), List.of(San.dns("web.internal"), San.dns("web2.internal")),
                "sigil-tls", "EC_P384", Duration.ofDays(7), new RenewalRule.BeforeExpiry(Duration.ofDays(2)), Optional.empty(),
                false, Duration.ZERO);

        assertThat(db.managed().updateSpec(n, m.rowVersion(), wider, event("managed.update", n))).isTrue();
        assertThat(db.managed().updateSpec(n, m.rowVersion(), spec(n, new RenewalRule.AtFraction(0.5)),
                event("managed.update", n))).as("stale").isFalse();

        restart();
        ManagedCertificate now = db.managed().find(n).orElseThrow();
        assertThat(now.spec()).isEqualTo(wider);
        assertThat(now.currentSerial()).as("the current version stays until a rotation").isEqualTo(m.currentSerial());
        assertThat(db.managed().delete(n, now.rowVersion(), event("managed.delete", n))).isTrue();
        long deleted = db.managed().find(n).orElseThrow().rowVersion();
        assertThat(db.managed().updateSpec(n, deleted, wider, event("managed.update", n))).isFalse();
    }

    @Test
    void aDeletedCertificateIsKeptButNeverDue() {
        String n = name();
        ManagedCertificate m = create(n, new RenewalRule.AtFraction(0.5), NOW.minusSeconds(1));
        assertThat(db.managed().delete(n, m.rowVersion(), event("managed.delete", n))).isTrue();
        assertThat(db.managed().delete(n, m.rowVersion(), event("managed.delete", n))).isFalse();

        restart();
        assertThat(db.managed().find(n).orElseThrow().state()).isEqualTo(ManagedState.DELETED);
        assertThat(db.managed().due(NOW.plus(Duration.ofDays(100)), 1000)).extracting(ManagedCertificate::name).doesNotContain(n);
        assertThat(db.managed().history(n)).hasSize(1);
    }

    @Test
    void aWorkloadTokenKeepsItsScope() {
        var t = TestData.token("workload-web");
        var scoped = new dev.sigil.storage.token.TokenRecord(t.id(), t.name(), "workload", t.secretHash(), t.createdAt(),
                t.createdBy(), Optional.empty(), Optional.of("web"));
        db.ledger().addToken(scoped, event("token.create", t.id()));
        restart();
        assertThat(db.tokens().find(t.id())).contains(scoped);
        assertThat(db.tokens().findBySecretHash(t.secretHash()).orElseThrow().scope()).contains("web");
    }
}
