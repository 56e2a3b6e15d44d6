package dev.sigil.service.managed;

import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.certificate.CertificateQuery;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.managed.ManagedCertificate;
import dev.sigil.storage.managed.ManagedStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.sigil.service.managed.ManagedFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Renewals that fail: recorded on the row with backoff, counted, audited, announced near expiry, and retried. */
class ManagedRenewalFailureTest {

    /** What the operator's edited configuration says: web.internal is no longer allowed. */
    static final Map<String, String> STRICTER = Map.of("sigil.profiles.server.allowed-dns-suffixes", ".other");

    @TempDir
    Path dir;
    ManagedFixture f;
    ManagedService managed;

    @BeforeEach
    void open() {
        f = new ManagedFixture(dir);
        managed = f.service(Map.of());
    }

    @AfterEach
    void close() {
        f.close();
    }

    private ManagedCertificate row() {
        return managed.show("web").managed();
    }

    @Test
    void aPolicyRefusalIsRecordedWithExponentialBackoffAndRenewalSucceedsOnceAllowedAgain() {
        ManagedCertificate created = managed.create(spec("web", false, "web.internal"), "alice").managed();
        ManagedService stricter = f.service(STRICTER);
        f.clock.advance(Duration.between(ManagedFixture.START, created.nextRenewalAt()));

        Instant first = f.clock.instant();
        assertThat(stricter.renewDue()).isZero();
        assertThat(row().consecutiveFailures()).isEqualTo(1);
        assertThat(row().lastError()).hasValueSatisfying(e -> assertThat(e).contains("outside the names"));
        assertThat(row().nextAttemptAt()).isEqualTo(first.plus(Duration.ofMinutes(1)));
        assertThat(row().claimedUntil()).as("lease released").isEmpty();
        assertThat(f.metric("sigil_managed_renewals_total{result=\"failure\"}")).isEqualTo(1.0);
        assertThat(f.metric("sigil_managed_renewal_failing")).isEqualTo(1.0);
        assertThat(f.audit("managed.renew.failed")).singleElement()
                .satisfies(r -> assertThat(r.event().outcome()).isEqualTo("failed"));

        f.clock.advance(Duration.ofSeconds(59));
        assertThat(stricter.renewDue()).isZero();
        assertThat(row().consecutiveFailures()).as("backing off: not tried").isEqualTo(1);

        f.clock.advance(Duration.ofSeconds(1));
        stricter.renewDue();
        assertThat(row().consecutiveFailures()).isEqualTo(2);
        assertThat(row().nextAttemptAt()).isEqualTo(f.clock.instant().plus(Duration.ofMinutes(2)));
        assertThat(f.events).as("far from expiry: no notice yet").isEmpty();

        f.clock.advance(Duration.ofMinutes(2));
        assertThat(managed.renewDue()).as("allowed again").isEqualTo(1);
        assertThat(row().consecutiveFailures()).isZero();
        assertThat(row().lastError()).isEmpty();
        assertThat(row().currentVersion()).isEqualTo(2);
        assertThat(f.metric("sigil_managed_renewal_failing")).isEqualTo(0.0);
    }

    @Test
    void nearExpiryTheBackoffShrinksAndARenewalFailingNoticeGoesOut() {
        ManagedCertificate created = managed.create(spec("web", false, "web.internal"), "alice").managed();
        ManagedService stricter = f.service(STRICTER);
        Instant notAfter = created.currentNotAfter();
        f.clock.advance(Duration.between(ManagedFixture.START, notAfter).minusSeconds(40));

        stricter.renewDue();

        assertThat(row().nextAttemptAt()).as("halfway to expiry, not a minute later")
                .isEqualTo(f.clock.instant().plusSeconds(20)).isBefore(notAfter);
        assertThat(f.events).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("managed.renewal-failing");
            assertThat(e.subject()).isEqualTo("web");
            assertThat(e.data()).containsEntry("consecutiveFailures", 1).containsEntry("notAfter", notAfter.toString())
                    .containsKey("lastError");
        });
    }

    @Test
    void aForcedRotationRefusedByPolicyIsAPolicyErrorAndIsRecorded() {
        managed.create(spec("web", false, "web.internal"), "alice");

        assertThatThrownBy(() -> f.service(STRICTER).rotate("web", "bob"))
                .isInstanceOfSatisfying(SigilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.POLICY));
        assertThat(row().consecutiveFailures()).isEqualTo(1);
        assertThat(row().claimedUntil()).isEmpty();
        assertThat(managed.rotate("web", "bob").managed().currentVersion()).as("not left claimed").isEqualTo(2);
    }

    @Test
    void aDatabaseFailureAtCommitIsRecordedAndTheUnusedCertificateIsRevoked() {
        ManagedCertificate created = managed.create(spec("web", false, "web.internal"), "alice").managed();
        AtomicBoolean down = new AtomicBoolean(true);
        ManagedStore real = f.db.managed();
        ManagedStore flaky = (ManagedStore) Proxy.newProxyInstance(ManagedStore.class.getClassLoader(),
                new Class<?>[]{ManagedStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("rotate") && down.get()) {
                        throw new StorageException(StorageException.Kind.UNAVAILABLE, "rotate managed certificate: connection refused");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ManagedService service = f.service(Map.of(), flaky);
        f.clock.advance(Duration.between(ManagedFixture.START, created.nextRenewalAt()));

        assertThat(service.renewDue()).isZero();

        assertThat(row().currentVersion()).isEqualTo(1);
        assertThat(row().consecutiveFailures()).isEqualTo(1);
        assertThat(row().lastError()).hasValueSatisfying(e -> assertThat(e).contains("connection refused"));
        var certificates = f.db.certificates().search(CertificateQuery.all(f.clock.instant())).items();
        assertThat(certificates).hasSize(2);
        assertThat(certificates).filteredOn(c -> !c.serial().equals(created.currentSerial()))
                .singleElement().satisfies((CertificateRecord c) -> {
                    assertThat(c.status()).isEqualTo(CertificateStatus.REVOKED);
                    assertThat(c.revocationReason()).contains(5); // cessationOfOperation: never handed out
                });

        down.set(false);
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(service.renewDue()).isEqualTo(1);
        assertThat(row().currentVersion()).isEqualTo(2);
    }
}
