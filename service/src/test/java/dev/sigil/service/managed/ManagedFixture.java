package dev.sigil.service.managed;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.issuance.IssuanceService;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.profile.Profiles;
import dev.sigil.service.ca.revocation.RevocationService;
import dev.sigil.service.ca.x509.LeafSigner;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.testing.TestCa;
import dev.sigil.service.testing.TestClock;
import dev.sigil.service.webhook.Notifier;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.audit.AuditQuery;
import dev.sigil.storage.audit.AuditRecord;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.managed.ManagedSpec;
import dev.sigil.storage.managed.ManagedStore;
import dev.sigil.storage.managed.RenewalRule;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** An H2 inventory with a test CA, and managed-certificate services built on it as SigilServer builds them. */
final class ManagedFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-05-04T08:00:00Z");
    static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    /** One event a Notifier received. */
    record Event(String event, String subject, Map<String, Object> data) {
    }

    final Path dir;
    final Database db;
    final IssuerRegistry registry;
    final SigningIssuer issuer;
    final TestClock clock = new TestClock(START);
    final SigilMetrics metrics = new SigilMetrics();
    final List<Event> events = new CopyOnWriteArrayList<>();
    final ManagedKeys keys;

    ManagedFixture(Path dir) {
        this.dir = dir;
        db = Database.open(DatabaseSettings.embedded(dir));
        registry = TestCa.create(KeyType.EC_P256, START, Duration.ofDays(400));
        for (SigningIssuer i : List.of(registry.find("root-test").orElseThrow(), registry.find("int-test").orElseThrow())) {
            db.ledger().addIssuer(i.record(), AuditEvent.success(START, "test", "ca.create", i.id(), ""));
        }
        issuer = registry.find("int-test").orElseThrow();
        keys = ManagedKeys.open(dir.resolve("ca"), PASSPHRASE, db.managed());
    }

    /** A service under the default profiles (config overrides may change them, as after an operator's edit). */
    ManagedService service(Map<String, String> config) {
        return service(config, db.managed());
    }

    ManagedService service(Map<String, String> config, ManagedStore store) {
        return service(config, store, (event, subject, data) -> events.add(new Event(event, subject, data)));
    }

    ManagedService service(Map<String, String> config, ManagedStore store, Notifier notifier) {
        Profiles profiles = Profiles.fromConfig(SigilConfig.load(Optional.empty(), Map.of(), config));
        IssuanceService issuance = new IssuanceService(registry, profiles, new LeafSigner(TestCa.URLS), db.ledger(),
                metrics, clock);
        RevocationService revocation = new RevocationService(db.certificates(), db.ledger(), issuerId -> { }, metrics,
                clock);
        return new ManagedService(store, new ManagedIssuer(issuance, registry, db.certificates(), keys, clock),
                revocation, notifier, metrics, clock);
    }

    static ManagedSpec spec(String name, boolean revokeSuperseded, String... dnsNames) {
        return new ManagedSpec(name, Optional.empty(), List.of(dnsNames).stream().map(San::dns).toList(), "server",
                "EC_P384", Duration.ofDays(30), new RenewalRule.AtFraction(2.0 / 3), Optional.of("ops"),
                revokeSuperseded, Duration.ofHours(1));
    }

    List<AuditRecord> audit(String action) {
        return db.audit().list(new AuditQuery(Optional.empty(), Optional.of(action), Optional.empty(), Optional.empty(),
                Optional.empty(), 0, AuditQuery.MAX_LIMIT));
    }

    /** The metric line's value in the Prometheus scrape, or -1 if absent. */
    double metric(String line) {
        for (String l : metrics.scrape().split("\n")) {
            if (l.startsWith(line + " ")) {
                return Double.parseDouble(l.substring(line.length() + 1));
            }
        }
        return -1;
    }

    @Override
    public void close() {
        db.close();
    }
}
