package dev.sigil.service.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.testing.TestCa;
import dev.sigil.service.testing.TestClock;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.webhook.DeliveryRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Expiry notices on a real (H2) inventory with a fake clock: bands, once-only, supersession, exclusions, CAs. */
class ExpiryNoticesTest {

    static final Instant START = Instant.parse("2026-07-01T00:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Database db;
    TestClock clock;
    IssuerRegistry registry;
    SigningIssuer intermediate;
    int serial = 1;

    @BeforeEach
    void open() {
        clock = new TestClock(START);
        registry = TestCa.create(KeyType.EC_P256, START, Duration.ofDays(100)); // inside a 180d CA warning
        intermediate = registry.find("int-test").orElseThrow();
        db = Database.open(DatabaseSettings.embedded(dir));
        for (String id : List.of("root-test", "int-test")) {
            db.ledger().addIssuer(registry.find(id).orElseThrow().record(), AuditEvent.success(START, "t", "ca.create", id, ""));
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    String issue(String name, Optional<String> owner, String profile, Instant issuedAt, Duration left) {
        String s = Integer.toHexString(serial++);
        db.ledger().recordIssuance(new CertificateRecord(intermediate.id(), s, "CN=" + name, List.of(San.dns(name)),
                "EC_P256", issuedAt.minus(Duration.ofDays(1)), clock.instant().plus(left), CertificateStatus.VALID,
                Optional.empty(), Optional.empty(), owner, Optional.empty(), profile, new byte[]{1}, issuedAt, "t"),
                AuditEvent.success(issuedAt, "t", "certificate.issue", s, ""));
        return s;
    }

    ExpiryNotices notices() {
        return new ExpiryNotices(db.webhooks(), new WebhookNotifier(db.webhooks(), clock),
                NoticeWindow.parseAll(List.of("30d", "7d", "1d")),
                Set.of("ocsp-signer", "sigil-tls", "iot-short"), clock);
    }

    List<JsonNode> events(String type) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (DeliveryRecord d : db.webhooks().list(Optional.empty(), 1000)) {
            if (d.event().equals(type)) {
                out.add(JSON.readTree(d.payload()));
            }
        }
        return out;
    }

    List<String> noticed(String serial) throws Exception {
        return events(ExpiryNotices.EVENT).stream().filter(e -> e.path("data").path("serial").asText().equals(serial))
                .map(e -> e.path("data").path("window").asText()).sorted().toList();
    }

    @Test
    void oneNoticePerCertificateAndBandAcrossRunsAndRestarts() throws Exception {
        String in20h = issue("a.test", Optional.of("team-a"), "server", START, Duration.ofHours(20));
        String in5d = issue("b.test", Optional.empty(), "server", START, Duration.ofDays(5));
        String in25d = issue("c.test", Optional.of("team-a"), "server", START, Duration.ofDays(25));
        String in60d = issue("d.test", Optional.of("team-a"), "server", START, Duration.ofDays(60));

        assertThat(notices().run()).isEqualTo(3);
        assertThat(notices().run()).as("a second run records nothing").isZero();
        db.close();
        db = Database.open(DatabaseSettings.embedded(dir));
        assertThat(notices().run()).as("nor does a run after a restart").isZero();

        assertThat(noticed(in20h)).containsExactly("1d"); // not 30d and 7d as well
        assertThat(noticed(in5d)).containsExactly("7d");
        assertThat(noticed(in25d)).containsExactly("30d");
        assertThat(noticed(in60d)).isEmpty();

        clock.advance(Duration.ofDays(19)); // c.test now expires in 6 days; d.test in 41
        assertThat(notices().run()).isEqualTo(1);
        assertThat(noticed(in25d)).containsExactly("30d", "7d");

        JsonNode e = events(ExpiryNotices.EVENT).stream()
                .filter(n -> n.path("data").path("serial").asText().equals(in20h)).findFirst().orElseThrow();
        assertThat(e.path("type").asText()).isEqualTo("certificate.expiring");
        assertThat(e.path("subject").asText()).isEqualTo("int-test/" + in20h);
        assertThat(e.path("data").path("issuer").asText()).isEqualTo("int-test");
        assertThat(e.path("data").path("sans").get(0).asText()).isEqualTo("dns:a.test");
        assertThat(e.path("data").path("owner").asText()).isEqualTo("team-a");
        assertThat(e.path("data").path("profile").asText()).isEqualTo("server");
        assertThat(e.path("data").path("notAfter").asText()).isEqualTo(START.plus(Duration.ofHours(20)).toString());
    }

    @Test
    void supersededAndExcludedCertificatesGetNoNotice() throws Exception {
        String old = issue("web.test", Optional.of("team-b"), "server", START.minus(Duration.ofDays(60)), Duration.ofDays(3));
        String renewed = issue("web.test", Optional.of("team-b"), "server", START, Duration.ofDays(6));
        String otherOwner = issue("web.test", Optional.of("team-c"), "server", START.minus(Duration.ofDays(60)), Duration.ofDays(2));
        String internal = issue("localhost", Optional.of("sigil"), "sigil-tls", START, Duration.ofDays(5));
        String shortLived = issue("dev1.test", Optional.empty(), "iot-short", START, Duration.ofDays(5));

        notices().run();

        assertThat(noticed(old)).as("renewed by a newer certificate for the same names and owner").isEmpty();
        assertThat(noticed(renewed)).containsExactly("7d");
        assertThat(noticed(otherOwner)).as("a different owner does not supersede").containsExactly("7d");
        assertThat(noticed(internal)).isEmpty();
        assertThat(noticed(shortLived)).isEmpty();
    }

    @Test
    void aCaInsideItsWarningWindowIsAnnouncedOncePerDay() throws Exception {
        CaExpiryNotices cas = new CaExpiryNotices(db.webhooks(), new WebhookNotifier(db.webhooks(), clock), registry,
                Duration.ofDays(180), clock);

        assertThat(cas.run()).isEqualTo(1); // the intermediate (100 days left), not the root
        assertThat(cas.run()).isZero();
        clock.advance(Duration.ofHours(23)); // still the same UTC day
        assertThat(cas.run()).isZero();
        clock.advance(Duration.ofHours(2));
        assertThat(cas.run()).isEqualTo(1);

        List<JsonNode> events = events(CaExpiryNotices.EVENT);
        assertThat(events).hasSize(2);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.path("subject").asText()).isEqualTo("int-test");
            assertThat(e.path("data").path("kind").asText()).isEqualTo("INTERMEDIATE");
            assertThat(e.path("data").path("notAfter").asText()).isEqualTo(intermediate.record().notAfter().toString());
        });
        Instant notAfter = intermediate.record().notAfter();
        assertThat(events).extracting(e -> e.path("data").path("daysLeft").asLong()).containsExactlyInAnyOrder(
                Duration.between(START, notAfter).toDays(), Duration.between(START.plus(Duration.ofHours(25)), notAfter).toDays());
    }
}
