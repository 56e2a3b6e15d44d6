package dev.sigil.service.ca.crl;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.testing.TestCa;
import dev.sigil.service.testing.TestClock;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.crl.CrlStore;
import dev.sigil.storage.crl.PublishedCrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Serving full and delta CRLs from another node's publications, and from memory while the database is down. */
class CrlServiceTest {

    static final Instant START = Instant.parse("2026-05-04T08:00:00Z");
    static final CrlSettings SETTINGS = new CrlSettings(Duration.ofDays(1), Duration.ofHours(1), Duration.ofSeconds(5),
            Duration.ofDays(7)).withDeltas();

    @TempDir
    Path dir;
    Database db;
    IssuerRegistry registry;
    SigningIssuer issuer;
    TestClock clock = new TestClock(START);
    AtomicBoolean down = new AtomicBoolean();
    CrlStore flaky;

    @BeforeEach
    void open() {
        db = Database.open(DatabaseSettings.embedded(dir));
        registry = TestCa.create(KeyType.EC_P256, START, Duration.ofDays(400));
        for (SigningIssuer i : List.of(registry.find("root-test").orElseThrow(), registry.find("int-test").orElseThrow())) {
            db.ledger().addIssuer(i.record(), AuditEvent.success(START, "test", "ca.create", i.id(), ""));
        }
        issuer = registry.find("int-test").orElseThrow();
        flaky = new CrlStore() {
            @Override
            public Optional<PublishedCrl> latest(String issuerId) {
                check();
                return db.crls().latest(issuerId);
            }

            @Override
            public Optional<PublishedCrl> latestDelta(String issuerId) {
                check();
                return db.crls().latestDelta(issuerId);
            }

            @Override
            public OptionalLong highestNumber(String issuerId) {
                check();
                return db.crls().highestNumber(issuerId);
            }

            @Override
            public Optional<byte[]> read(String issuerId, long number) {
                check();
                return db.crls().read(issuerId, number);
            }

            @Override
            public boolean publish(PublishedCrl crl, byte[] der, int keep) {
                check();
                return db.crls().publish(crl, der, keep);
            }

            private void check() {
                if (down.get()) {
                    throw new StorageException(StorageException.Kind.UNAVAILABLE, "database down (test)");
                }
            }
        };
    }

    @AfterEach
    void close() {
        db.close();
    }

    private CrlPublisher publisher(CrlSettings settings) {
        return new CrlPublisher(db.certificates(), flaky, TestCa.URLS, settings, new SigilMetrics(), "node-t", clock);
    }

    @Test
    void servesTheLatestDeltaOfTheLatestFullCrlAndKeepsServingItsCopiesWhileTheDatabaseIsDown() {
        CrlService service = new CrlService(registry, flaky, publisher(SETTINGS), clock);
        // Another node publishes: this node learns of it through the store, within RECHECK.
        CrlPublisher otherNode = publisher(SETTINGS);
        PublishedCrl full = otherNode.publish(issuer);
        PublishedCrl delta = db.crls().latestDelta(issuer.id()).orElseThrow();

        assertThat(service.current(issuer.id()).crl()).isEqualTo(full);
        CrlService.Served servedDelta = service.currentDelta(issuer.id());
        assertThat(servedDelta.crl()).isEqualTo(delta);
        assertThat(servedDelta.der()).isEqualTo(db.crls().read(issuer.id(), delta.number()).orElseThrow());

        clock.advance(Duration.ofMinutes(5));
        assertThat(service.currentDelta(issuer.id()).crl()).isEqualTo(delta);
        PublishedCrl newerDelta = otherNode.publishAfterRevocation(issuer);
        assertThat(newerDelta.number()).isGreaterThan(delta.number());
        assertThat(service.currentDelta(issuer.id()).crl()).as("within RECHECK, the copy").isEqualTo(delta);
        clock.advance(CrlService.RECHECK);
        assertThat(service.currentDelta(issuer.id()).crl()).isEqualTo(newerDelta);

        down.set(true);
        clock.advance(Duration.ofMinutes(30));
        assertThat(service.current(issuer.id()).crl()).isEqualTo(full);
        assertThat(service.currentDelta(issuer.id()).crl()).as("served from memory").isEqualTo(newerDelta);

        clock.advance(SETTINGS.deltaValidity());
        assertThatThrownBy(() -> service.currentDelta(issuer.id())).as("not past its nextUpdate")
                .isInstanceOf(StorageException.class);
    }

    @Test
    void noCurrentDeltaIsNotFound() {
        CrlService withoutDeltas = new CrlService(registry, flaky,
                publisher(new CrlSettings(SETTINGS.validity(), SETTINGS.period(), SETTINGS.revocationDelay(),
                        SETTINGS.retention())), clock);
        assertThat(withoutDeltas.current(issuer.id()).crl().delta()).as("published on demand").isFalse();

        assertThatThrownBy(() -> withoutDeltas.currentDelta(issuer.id()))
                .isInstanceOfSatisfying(SigilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThatThrownBy(() -> withoutDeltas.currentDelta("no-such-issuer"))
                .isInstanceOfSatisfying(SigilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }
}
