package dev.sigil.service.jobs;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.crl.CrlPublisher;
import dev.sigil.service.ca.crl.CrlSettings;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.testing.TestCa;
import dev.sigil.service.testing.TestClock;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.crl.CrlStore;
import dev.sigil.storage.crl.PublishedCrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class CrlPublishJobTest {

    static final Instant START = Instant.parse("2026-08-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theRevocationWindowStretchesToFourTimesTheLastGenerationTime() {
        TestClock clock = new TestClock(START);
        IssuerRegistry registry = TestCa.create(KeyType.EC_P256, START, Duration.ofDays(100));
        CrlSettings settings = new CrlSettings(Duration.ofDays(1), Duration.ofHours(1), Duration.ofSeconds(5), Duration.ZERO);
        try (Database db = Database.open(DatabaseSettings.embedded(dir))) {
            for (String id : List.of("root-test", "int-test")) {
                db.ledger().addIssuer(registry.find(id).orElseThrow().record(), AuditEvent.success(START, "t", "ca.create", id, ""));
            }
            // A store that takes 3 s of (test) clock to write: the publication "took" about 3 s.
            CrlStore slow = new CrlStore() {
                @Override
                public Optional<PublishedCrl> latest(String issuerId) {
                    return db.crls().latest(issuerId);
                }

                @Override
                public Optional<byte[]> read(String issuerId, long number) {
                    return db.crls().read(issuerId, number);
                }

                @Override
                public boolean publish(PublishedCrl crl, byte[] der, int keep) {
                    try {
                        Thread.sleep(3000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return db.crls().publish(crl, der, keep);
                }
            };
            CrlPublisher publisher = new CrlPublisher(db.certificates(), slow, TestCa.URLS, settings, new SigilMetrics(),
                    "t", clock);
            CrlPublishJob job = new CrlPublishJob(registry, publisher, settings, new SigilMetrics(), clock);
            SigningIssuer intermediate = registry.find("int-test").orElseThrow();

            assertThat(job.window(intermediate.id())).as("before any publication").isEqualTo(Duration.ofSeconds(5));
            publisher.publish(intermediate);
            Duration took = publisher.lastDuration(intermediate.id());
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(job.window(intermediate.id())).isGreaterThan(took.multipliedBy(4))
                    .isLessThanOrEqualTo(took.multipliedBy(4).plusSeconds(1));
            assertThat(job.window("root-test")).isEqualTo(Duration.ofSeconds(5));
        }
    }

    @Test
    void withDeltasTheWindowIsStretchedOnlyAfterASlowFullCrl() {
        TestClock clock = new TestClock(START);
        IssuerRegistry registry = TestCa.create(KeyType.EC_P256, START, Duration.ofDays(100));
        CrlSettings settings = new CrlSettings(Duration.ofDays(1), Duration.ofHours(1), Duration.ofSeconds(5),
                Duration.ZERO).withDeltas();
        try (Database db = Database.open(DatabaseSettings.embedded(dir))) {
            for (String id : List.of("root-test", "int-test")) {
                db.ledger().addIssuer(registry.find(id).orElseThrow().record(), AuditEvent.success(START, "t", "ca.create", id, ""));
            }
            // Storing a full CRL takes 2 s (as a large one would); a delta is stored at once.
            CrlStore slowFull = new CrlStore() {
                @Override
                public Optional<PublishedCrl> latest(String issuerId) {
                    return db.crls().latest(issuerId);
                }

                @Override
                public Optional<PublishedCrl> latestDelta(String issuerId) {
                    return db.crls().latestDelta(issuerId);
                }

                @Override
                public OptionalLong highestNumber(String issuerId) {
                    return db.crls().highestNumber(issuerId);
                }

                @Override
                public Optional<byte[]> read(String issuerId, long number) {
                    return db.crls().read(issuerId, number);
                }

                @Override
                public boolean publish(PublishedCrl crl, byte[] der, int keep) {
                    if (!crl.delta()) {
                        try {
                            Thread.sleep(2000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return db.crls().publish(crl, der, keep);
                }
            };
            CrlPublisher publisher = new CrlPublisher(db.certificates(), slowFull, TestCa.URLS, settings,
                    new SigilMetrics(), "t", clock);
            CrlPublishJob job = new CrlPublishJob(registry, publisher, settings, new SigilMetrics(), clock);
            SigningIssuer intermediate = registry.find("int-test").orElseThrow();

            publisher.publish(intermediate);
            assertThat(job.window(intermediate.id())).as("after a full CRL").isGreaterThan(Duration.ofSeconds(8));
            clock.advance(Duration.ofMinutes(1));
            PublishedCrl delta = publisher.publishAfterRevocation(intermediate);
            assertThat(delta.delta()).isTrue();
            assertThat(job.window(intermediate.id())).as("after a delta").isEqualTo(Duration.ofSeconds(5));
        }
    }
}
