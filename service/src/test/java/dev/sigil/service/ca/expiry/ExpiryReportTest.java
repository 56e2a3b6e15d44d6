package dev.sigil.service.ca.expiry;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.testing.TestCa;
import dev.sigil.service.testing.TestClock;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.San;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiryReportTest {

    static final Instant START = Instant.parse("2026-07-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void countsExpiringCertificatesPerWindowAndFlagsACaInsideItsWarningWindow() {
        TestClock clock = new TestClock(START);
        // an intermediate that expires in 100 days: inside a 180-day warning window
        IssuerRegistry registry = TestCa.create(KeyType.EC_P256, START, Duration.ofDays(100));
        SigningIssuer intermediate = registry.find("int-test").orElseThrow();
        SigilMetrics metrics = new SigilMetrics();
        try (Database db = Database.open(DatabaseSettings.embedded(dir))) {
            for (String id : List.of("root-test", "int-test")) {
                SigningIssuer i = registry.find(id).orElseThrow();
                db.ledger().addIssuer(i.record(), AuditEvent.success(START, "t", "ca.create", id, ""));
            }
            int serial = 1;
            for (Duration left : List.of(Duration.ofHours(20), Duration.ofDays(5), Duration.ofDays(25), Duration.ofDays(60))) {
                String s = Integer.toHexString(serial++);
                db.ledger().recordIssuance(new CertificateRecord(intermediate.id(), s, "CN=x", List.of(San.dns("x.test")),
                        "EC_P256", START.minus(Duration.ofDays(1)), START.plus(left), CertificateStatus.VALID,
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "server", new byte[]{1},
                        START, "t"), AuditEvent.success(START, "t", "certificate.issue", s, ""));
            }

            List<String> due = new ExpiryReport(registry, db.certificates(), metrics, Duration.ofDays(180), clock).run();

            assertThat(due).containsExactly("int-test");
            String scrape = metrics.scrape();
            assertThat(scrape).contains("sigil_certificates_expiring{issuer=\"int-test\",window=\"1d\"} 1.0")
                    .contains("sigil_certificates_expiring{issuer=\"int-test\",window=\"7d\"} 2.0")
                    .contains("sigil_certificates_expiring{issuer=\"int-test\",window=\"30d\"} 3.0")
                    .contains("sigil_certificates_expiring{issuer=\"root-test\",window=\"30d\"} 0.0")
                    .contains("sigil_ca_renewal_due{issuer=\"int-test\"} 1.0")
                    .contains("sigil_ca_renewal_due{issuer=\"root-test\"} 0.0");

            clock.advance(Duration.ofDays(6)); // the 20h and 5d certificates have expired now
            new ExpiryReport(registry, db.certificates(), metrics, Duration.ofDays(180), clock).run();
            assertThat(metrics.scrape()).contains("sigil_certificates_expiring{issuer=\"int-test\",window=\"30d\"} 1.0");
        }
    }
}
