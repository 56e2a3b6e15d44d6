package dev.sigil.service.e2e;

import dev.sigil.service.SigilServer;
import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.crl.CrlPublisher;
import dev.sigil.service.ca.crl.CrlSettings;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.x509.Pem;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.jobs.CrlPublishJob;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.Crls;
import dev.sigil.service.testing.Openssl;
import dev.sigil.service.testing.DatabaseProxy;
import dev.sigil.service.testing.TcpProxy;
import dev.sigil.service.testing.TestCa;
import dev.sigil.service.testing.TestServer;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.RevocationRecord;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.crl.PublishedCrl;
import dev.sigil.storage.issuer.IssuerKind;
import dev.sigil.storage.issuer.IssuerRecord;
import dev.sigil.storage.testing.TestDatabase;
import dev.sigil.storage.testing.TestDatabases;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.TriggerBuilder;
import org.quartz.impl.JobExecutionContextImpl;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MariaDB goes away while CRLs are due: a Sigil node's database connection runs through a {@link TcpProxy} that the
 * test cuts. A job run during the outage fails cleanly and is counted; a connection cut while a CRL's parts are being
 * written leaves nothing visible; the CDP keeps serving the CRL it holds; and when the database is back, the next
 * publication carries the next CRL number, neither skipped nor reused.
 */
class DatabaseOutageJobMariaDbTest {

    /** How long a recovered database may take to be used again (Hikari reconnects, Quartz retries). */
    static final Duration RECOVERY = Duration.ofSeconds(30);
    /** The size of one stored part of a CRL (JpaCrlStore.PART_BYTES). */
    static final int PART_BYTES = 1 << 20;
    static final CrlSettings SETTINGS = new CrlSettings(Duration.ofDays(1), Duration.ofHours(1), Duration.ofSeconds(5),
            Duration.ofDays(7));
    private static final Pattern FAILED = Pattern.compile("sigil_jobs_failed_total\\{job=\"crl-publish\"} ([0-9.]+)");

    @TempDir
    Path dir;

    /** A node's CRL publication built from its parts, on a database reached through the proxy. */
    private record Node(Database db, IssuerRegistry registry, SigilMetrics metrics, CrlPublisher publisher,
                        CrlPublishJob job, SigningIssuer intermediate) {

        static Node on(Database db) {
            Instant now = Instant.now();
            IssuerRegistry registry = TestCa.create(KeyType.EC_P256, now, Duration.ofDays(400));
            for (String id : List.of("root-test", "int-test")) { // the root first: the intermediate refers to it
                db.ledger().addIssuer(registry.find(id).orElseThrow().record(),
                        AuditEvent.success(now, "test", "ca.create", id, ""));
            }
            SigilMetrics metrics = new SigilMetrics();
            CrlPublisher publisher = new CrlPublisher(db.certificates(), db.crls(), TestCa.URLS, SETTINGS, metrics,
                    "node-outage", Clock.systemUTC());
            CrlPublishJob job = new CrlPublishJob(registry, publisher, SETTINGS, metrics, Clock.systemUTC());
            return new Node(db, registry, metrics, publisher, job, registry.find("int-test").orElseThrow());
        }

        /** Records a certificate of the intermediate and revokes it (keyCompromise); returns its serial. */
        String revokeOne() {
            Instant now = Instant.now();
            // 16 hex digits without a leading zero: spelled the same by openssl.
            String serial = Long.toHexString(ThreadLocalRandom.current().nextLong(0x1000_0000_0000_0000L, Long.MAX_VALUE));
            db.ledger().recordIssuance(new CertificateRecord(intermediate.id(), serial, "CN=x", List.of(San.dns("x.test")),
                    "EC_P256", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), CertificateStatus.VALID,
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "server", new byte[]{1}, now,
                    "test"), AuditEvent.success(now, "test", "certificate.issue", serial, ""));
            db.ledger().revoke(new RevocationRecord(intermediate.id(), serial, now, 1, Optional.empty(), "test"),
                    AuditEvent.success(now, "test", "certificate.revoke", serial, ""));
            return serial;
        }

        double failures() {
            Matcher m = FAILED.matcher(metrics.scrape());
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aTickWhileTheDatabaseIsDownFailsCleanlyIsCountedAndTheNextTickPublishesTheNextNumber() throws Exception {
        try (TestDatabase database = TestDatabases.mariaDb();
             Database direct = database.open();
             TcpProxy proxy = DatabaseProxy.to(database.settings());
             Database db = Database.open(DatabaseProxy.through(database.settings(), proxy))) {
            Node node = Node.on(db);
            String issuer = node.intermediate().id();
            node.job().execute(tick(node.job()));
            PublishedCrl first = direct.crls().latest(issuer).orElseThrow();
            PublishedCrl root = direct.crls().latest("root-test").orElseThrow();
            String serial = node.revokeOne();
            assertThat(node.publisher().due(issuer)).as("a revocation newer than the CRL makes it due").isTrue();

            proxy.cut();
            assertThatCode(() -> node.job().execute(tick(node.job())))
                    .as("a run with the database down ends normally; the next tick is the retry").doesNotThrowAnyException();
            assertThat(node.failures()).as("each issuer's failure is counted in sigil_jobs_failed_total").isEqualTo(2.0);
            assertThatCode(() -> node.job().execute(soon(node.job(), issuer)))
                    .as("the republication after a revocation fails the same way").doesNotThrowAnyException();
            assertThat(node.failures()).isEqualTo(3.0);
            assertThat(direct.crls().latest(issuer)).as("nothing was published").contains(first);
            assertThat(direct.crls().read(issuer, first.number() + 1)).isEmpty();

            proxy.restore();
            PublishedCrl next = await(() -> {
                node.job().execute(tick(node.job()));
                return direct.crls().latest(issuer).filter(l -> l.number() != first.number());
            });
            assertThat(next.number()).as("the number after the outage is the next one").isEqualTo(first.number() + 1);
            assertThat(next.entries()).isEqualTo(1);
            byte[] der = direct.crls().read(issuer, next.number()).orElseThrow();
            assertThat(Crls.lists(der, serial)).isTrue();
            assertThat(crlNumber(der)).isEqualTo(next.number());
            verifyWithOpenssl(der, node.intermediate().record(), node.registry().find("root-test").orElseThrow().record(),
                    next.number(), serial);
            assertThat(direct.crls().latest("root-test")).as("the root's CRL was not due, and not republished").contains(root);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aConnectionCutWhileTheCrlPartsAreWrittenLeavesNoPartialCrlAndConsumesNoNumber() throws Exception {
        try (TestDatabase database = TestDatabases.mariaDb();
             Database direct = database.open();
             TcpProxy proxy = DatabaseProxy.to(database.settings());
             Database db = Database.open(DatabaseProxy.through(database.settings(), proxy))) {
            Node node = Node.on(db);
            String issuer = node.intermediate().id();
            node.publisher().publish(node.intermediate());
            PublishedCrl first = direct.crls().latest(issuer).orElseThrow();

            // Four parts' worth (the store does not parse the DER). The proxy cuts once 1.5 parts have gone to the
            // server: the first part's INSERT was executed, the second is cut off in the middle of its packet.
            byte[] large = new byte[4 * PART_BYTES];
            ThreadLocalRandom.current().nextBytes(large);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            PublishedCrl halfWritten = new PublishedCrl(issuer, first.number() + 1, now, now.plus(Duration.ofDays(1)), 0,
                    large.length, sha256(large), now, "node-outage");
            proxy.cutAfterUpstream(PART_BYTES + PART_BYTES / 2);
            assertThatThrownBy(() -> db.crls().publish(halfWritten, large, 3))
                    .isInstanceOfSatisfying(StorageException.class,
                            e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.UNAVAILABLE));
            assertThat(proxy.tripped()).as("the cut happened while the parts were written").isTrue();

            assertThat(direct.crls().latest(issuer)).as("the half-written CRL is not visible").contains(first);
            assertThat(direct.crls().read(issuer, halfWritten.number())).as("none of its parts is visible").isEmpty();
            assertThat(direct.crls().read(issuer, first.number())).isPresent();

            proxy.restore();
            PublishedCrl next = await(() -> {
                try {
                    return Optional.of(node.publisher().publish(node.intermediate()));
                } catch (StorageException e) {
                    return Optional.empty(); // the pool is still reconnecting
                }
            });
            assertThat(next.number()).as("the cut publication consumed no number").isEqualTo(first.number() + 1);
            assertThat(next.publishedBy()).isEqualTo("node-outage");
            byte[] der = direct.crls().read(issuer, next.number()).orElseThrow();
            assertThat(sha256(der)).isEqualTo(next.sha256());
            assertThat(crlNumber(der)).isEqualTo(first.number() + 1);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aNodeKeepsServingItsCrlWhileTheDatabaseIsDownAndPublishesTheNextNumberWhenItIsBack() throws Exception {
        try (TestDatabase database = TestDatabases.mariaDb();
             Database direct = database.open();
             TcpProxy proxy = DatabaseProxy.to(database.settings())) {
            DatabaseSettings via = DatabaseProxy.through(database.settings(), proxy);
            Map<String, String> config = new HashMap<>(Map.of("sigil.db.url", via.url(), "sigil.db.user", via.user(),
                    "sigil.db.password", via.password(), "sigil.node.name", "node-outage",
                    "sigil.crl.revocation-delay", "5s"));
            config.put("sigil.crl.delta.enabled", "false"); // this test follows a full CRL's republication
            try (SigilServer server = TestServer.start(dir, config)) {
                try {
                    outageAndRecovery(server, direct, proxy);
                } finally {
                    proxy.restore(); // so that closing the node does not wait on a dead database
                }
            }
        }
    }

    private void outageAndRecovery(SigilServer server, Database direct, TcpProxy proxy) throws Exception {
        IssuerRecord intermediate = direct.issuers().list().stream()
                .filter(i -> i.kind() == IssuerKind.INTERMEDIATE).findFirst().orElseThrow();
        String cdp = "http://127.0.0.1:" + server.httpPort() + "/crl/" + intermediate.id() + ".crl";
        String health = "http://127.0.0.1:" + server.observePort() + "/health";
        PublishedCrl first = await(() -> direct.crls().latest(intermediate.id())); // the first tick's CRL
        HttpResponse<byte[]> before = ApiClient.plainGet(cdp);
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(crlNumber(before.body())).isEqualTo(first.number());

        ApiClient api = new ApiClient(server.started().rootPem(), server.httpsPort());
        String token = TestServer.adminToken(server);
        String serial = CrlPublicationTest.issue(api, token, "outage.internal");
        // Revoke early in a 5 s revocation window, so that its republication falls due after the cut below.
        long window = Duration.ofSeconds(5).toMillis();
        while (System.currentTimeMillis() % window > window / 5) {
            Thread.sleep(20);
        }
        Instant republicationDue = Instant.ofEpochMilli((System.currentTimeMillis() / window + 1) * window);
        HttpResponse<String> revoked = api.postJson("/api/v1/certificates/" + serial + "/revoke", token,
                "{\"reason\":\"keyCompromise\"}");
        proxy.cut();
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

        HttpResponse<byte[]> down = ApiClient.plainGet(health);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(new String(down.body())).contains("\"database\":\"DOWN\"");
        HttpResponse<byte[]> during = ApiClient.plainGet(cdp);
        assertThat(during.statusCode()).as("the CDP serves the CRL it holds, still before its nextUpdate").isEqualTo(200);
        assertThat(during.body()).isEqualTo(before.body());
        // Past the republication's due time, with the database still down: nothing can have been published.
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), republicationDue).toMillis()) + 1000);
        assertThat(direct.crls().latest(intermediate.id())).as("nothing is published while the database is down")
                .contains(first);
        assertThat(ApiClient.plainGet(cdp).body()).isEqualTo(before.body());

        proxy.restore();
        PublishedCrl next = await(() -> direct.crls().latest(intermediate.id()).filter(l -> l.number() != first.number()));
        assertThat(next.number()).as("the number after the outage is the next one").isEqualTo(first.number() + 1);
        HttpResponse<byte[]> after = Crls.awaitListing(cdp, serial, Duration.ofSeconds(10));
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(Crls.lists(after.body(), serial)).isTrue();
        assertThat(crlNumber(after.body())).isEqualTo(first.number() + 1);
        verifyWithOpenssl(after.body(), intermediate, direct.issuers().list().stream()
                .filter(i -> i.kind() == IssuerKind.ROOT).findFirst().orElseThrow(), next.number(), serial);
        assertThat(await(() -> {
            try {
                HttpResponse<byte[]> h = ApiClient.plainGet(health);
                return h.statusCode() == 200 ? Optional.of(h) : Optional.empty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).statusCode()).isEqualTo(200);
        assertThat(direct.crls().latest(intermediate.id())).as("published once: no N+2 for the same revocation")
                .contains(next);
    }

    /** A tick of the CRL job as Quartz hands it over (no issuer in the trigger's data: every due CRL). */
    private static JobExecutionContext tick(CrlPublishJob job) {
        return fired(job, TriggerBuilder.newTrigger().withIdentity("crl-tick", "sigil"));
    }

    /** The one-shot republication of one issuer after a revocation, as Quartz hands it over. */
    private static JobExecutionContext soon(CrlPublishJob job, String issuerId) {
        return fired(job, TriggerBuilder.newTrigger().withIdentity("crl-soon-" + issuerId, "sigil")
                .usingJobData("issuer", issuerId));
    }

    private static JobExecutionContext fired(CrlPublishJob job, TriggerBuilder<?> builder) {
        JobDetail detail = JobBuilder.newJob(CrlPublishJob.class).withIdentity("crl-publish", "sigil").build();
        OperableTrigger trigger = (OperableTrigger) builder.forJob(detail).build();
        return new JobExecutionContextImpl(null,
                new TriggerFiredBundle(detail, trigger, null, false, new Date(), new Date(), null, null), job);
    }

    private static <T> T await(Supplier<Optional<T>> probe) throws InterruptedException {
        Instant deadline = Instant.now().plus(RECOVERY);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not within " + RECOVERY);
    }

    private static long crlNumber(byte[] der) throws Exception {
        return CRLNumber.getInstance(new X509CRLHolder(der).getExtension(Extension.cRLNumber).getParsedValue())
                .getCRLNumber().longValueExact();
    }

    /** openssl checks the signature against the chain and shows the number and the revoked serial. */
    private void verifyWithOpenssl(byte[] der, IssuerRecord intermediate, IssuerRecord root, long number, String serial)
            throws Exception {
        Path work = Files.createTempDirectory(dir, "openssl");
        Files.write(work.resolve("crl.der"), der);
        Files.writeString(work.resolve("chain.pem"), Pem.certificate(intermediate.certificateDer())
                + Pem.certificate(root.certificateDer()));
        String text = Openssl.ok(work, "crl", "-inform", "DER", "-in", "crl.der", "-CAfile", "chain.pem", "-noout", "-text");
        // openssl shows a number that fits in a long in decimal, a larger one in hex.
        assertThat(text).contains("verify OK")
                .containsPattern("X509v3 CRL Number: *\\n *" + number + "\\n").containsIgnoringCase(serial);
    }

    private static String sha256(byte[] der) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }
}
