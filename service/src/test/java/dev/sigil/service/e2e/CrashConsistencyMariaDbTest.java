package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.testing.Acme4jClients;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.Crls;
import dev.sigil.service.testing.FreePorts;
import dev.sigil.service.testing.SigilProcess;
import dev.sigil.storage.Database;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.testing.TestDatabase;
import dev.sigil.storage.testing.TestDatabases;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Account;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, crash consistency: two Sigil nodes, each a separate JVM, on one MariaDB database and data directory, while
 * clients issue through the admin API, revoke what they got and run ACME flows (acme4j, http-01) against both at
 * once. The test kills node-a with SIGKILL at seeded random moments, {@link #KILLS} times, restarting it after all
 * but the last, so that node-b alone must recover what node-a's last death left processing. Afterwards every
 * certificate a client received is in the inventory with the same DER; every revocation a client saw acknowledged is
 * in the inventory, in the CRL served next and in OCSP; no serial appears twice; no ACME order or challenge is left
 * processing (crash recovery fails them after {@code sigil.acme.processing-timeout}); the audit chain verifies.
 * Prints {@code crash-consistency: issued=N revoked=M acme=K kills=X lost=0}.
 */
class CrashConsistencyMariaDbTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 20_261_204L;
    private static final int KILLS = 4;
    /** Uptime before each kill: from JIT-cold start, enough for a few ACME flows to be anywhere in their steps. */
    private static final int MIN_UPTIME_MS = 800;
    private static final int MAX_EXTRA_UPTIME_MS = 1_700;
    /** Load after the last kill, so that work also completes after it (on node-b). */
    private static final Duration FINAL_LOAD = Duration.ofSeconds(6);
    /** A JVM start takes 5-10 s on an idle 2-core machine and over a minute on one shared with other builds. */
    private static final Duration START_WITHIN = Duration.ofSeconds(150);
    /** Validation time limit in the child; recovery must wait longer than it plus its 2 s recording margin. */
    private static final String VALIDATION_TIMEOUT = "1s";
    private static final String PROCESSING_TIMEOUT = "4s";
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** What clients were told: certificates received (serial → DER) and revocations acknowledged. */
    final Map<String, byte[]> received = new ConcurrentHashMap<>();
    final Set<String> revoked = ConcurrentHashMap.newKeySet();
    final AtomicInteger acmeIssued = new AtomicInteger();
    final AtomicBoolean running = new AtomicBoolean(true);

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void sigkillUnderLoadLosesNothingAndLeavesNoOrderStuck() throws Exception {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider()); // acme4j's key generation; in-process tests get it from Sigil
        }
        try (TestDatabase database = TestDatabases.mariaDb(); Acme4jClients acme = Acme4jClients.start()) {
            Map<String, String> shared = new HashMap<>();
            shared.put("SIGIL_DATA_DIR", dir.resolve("data").toString()); // one set of CA keys, as in a cluster
            shared.put("SIGIL_SERVER_HOST", "127.0.0.1");
            shared.put("SIGIL_DB_URL", database.settings().url());
            shared.put("SIGIL_DB_USER", database.settings().user());
            shared.put("SIGIL_DB_PASSWORD", database.settings().password());
            shared.put("SIGIL_ACME_VALIDATION_HTTP_PORT", acme.validationOverrides().get("sigil.acme.validation.http-port"));
            shared.put("SIGIL_ACME_VALIDATION_TIMEOUT", VALIDATION_TIMEOUT);
            shared.put("SIGIL_ACME_PROCESSING_TIMEOUT", PROCESSING_TIMEOUT);
            shared.put("SIGIL_ACME_TIDY_INTERVAL", "1s");
            shared.put("SIGIL_CRL_PERIOD", "2s");
            shared.put("SIGIL_CRL_VALIDITY", "1m");
            shared.put("SIGIL_CRL_REVOCATION_DELAY", "1s");
            Instant began = Instant.now();
            List<Duration> starts = new ArrayList<>();
            int kills = 0;
            Path logs = Files.createDirectories(Path.of("target", "crash-consistency")); // kept for a failed run
            try (Node a = Node.create(shared, "node-a", logs); Node b = Node.create(shared, "node-b", logs)) {
                starts.add(a.start()); // first alone: it creates the CA
                starts.add(b.start());
                Path root = dir.resolve("data/ca/root.pem");
                String token = Files.readString(dir.resolve("data/admin-token"), StandardCharsets.US_ASCII).strip();
                List<Thread> workers = new ArrayList<>();
                for (Node node : List.of(a, b)) {
                    ApiClient api = new ApiClient(root, node.https);
                    workers.add(Thread.ofPlatform().name("admin-" + node.name).start(() -> adminLoad(api, token)));
                    Account account = acme.register(node.directory(), root);
                    workers.add(Thread.ofPlatform().name("acme-" + node.name).start(() -> acmeLoad(acme, account)));
                }
                // node-a is killed KILLS times and restarted after all but the last: then node-b alone must recover
                // what node-a left processing. node-b is never killed.
                Random random = new Random(SEED);
                while (kills < KILLS) {
                    Thread.sleep(MIN_UPTIME_MS + random.nextInt(MAX_EXTRA_UPTIME_MS));
                    a.process.kill();
                    kills++;
                    if (kills < KILLS) {
                        starts.add(a.start());
                    }
                }
                Thread.sleep(FINAL_LOAD.toMillis());
                running.set(false);
                for (Thread t : workers) {
                    t.join(Duration.ofSeconds(60));
                    assertThat(t.isAlive()).as(t.getName() + " stopped").isFalse();
                }
                Duration loaded = Duration.between(began, Instant.now());

                try (Database db = database.open()) {
                    Map<String, Integer> stuck = awaitNothingProcessing(database);
                    assertThat(stuck).as("ACME rows left processing " + SETTLE + " after the load")
                            .containsEntry("orders", 0).containsEntry("challenges", 0);
                    List<CertificateRecord> revokedRecords = checkInventory(db);
                    checkCrlAndOcsp(revokedRecords, b.http);
                    long[] serials = serialCounts(database);
                    assertThat(serials[0]).as("serials in the inventory, all distinct").isEqualTo(serials[1]);
                    assertThat(new ApiClient(root, b.https).get("/api/v1/audit/verify", token).body())
                            .contains("\"intact\":true");
                    String recovered = recovered(database);

                    assertThat(received).as("certificates received").hasSizeGreaterThan(KILLS);
                    assertThat(revoked).as("revocations acknowledged").isNotEmpty();
                    assertThat(acmeIssued.get()).as("ACME certificates received").isPositive();
                    System.out.printf("crash-consistency: issued=%d revoked=%d acme=%d kills=%d lost=0"
                                    + " (inventory=%d, failed by recovery: %s, %d s; JVM starts %s)%n",
                            received.size(), revoked.size(), acmeIssued.get(), kills, serials[0], recovered,
                            loaded.toSeconds(), starts.stream().map(d -> d.toMillis() / 1000.0 + "s").toList());
                }
            }
        }
    }

    /** One Sigil JVM with its own ports; the data directory and database are the cluster's. */
    private record Node(String name, SigilProcess process, int https, int http) implements AutoCloseable {

        static Node create(Map<String, String> shared, String name, Path logs) throws Exception {
            int https = FreePorts.tcp();
            int http = FreePorts.tcp();
            int observe = FreePorts.tcp();
            Map<String, String> env = new HashMap<>(shared);
            env.put("SIGIL_NODE_NAME", name);
            env.put("SIGIL_SERVER_HTTPS_PORT", Integer.toString(https));
            env.put("SIGIL_SERVER_HTTP_PORT", Integer.toString(http));
            env.put("SIGIL_SERVER_OBSERVE_PORT", Integer.toString(observe));
            return new Node(name, new SigilProcess(env, observe, logs.resolve(name + ".log")), https, http);
        }

        Duration start() throws Exception {
            Instant t = Instant.now();
            process.start(START_WITHIN);
            return Duration.between(t, Instant.now());
        }

        URI directory() {
            return URI.create("https://localhost:" + https + "/acme/default/directory");
        }

        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    private void adminLoad(ApiClient api, String token) {
        Random random = new Random(Thread.currentThread().getName().hashCode());
        List<String> mine = new ArrayList<>();
        while (running.get()) {
            try {
                HttpResponse<String> r = api.postJson("/api/v1/certificates", token,
                        DatabaseOutageApiMariaDbTest.issueBody());
                if (r.statusCode() == 201) {
                    JsonNode body = JSON.readTree(r.body());
                    String serial = body.path("serial").asText();
                    received.put(serial, der(body.path("certificatePem").asText()));
                    mine.add(serial);
                }
                if (mine.size() > 1 && random.nextInt(3) == 0) {
                    String serial = mine.remove(random.nextInt(mine.size()));
                    HttpResponse<String> v = api.postJson("/api/v1/certificates/" + serial + "/revoke", token,
                            "{\"reason\":\"keyCompromise\"}");
                    if (v.statusCode() == 200) {
                        revoked.add(serial);
                    }
                }
                pause(); // steady load rather than a flood that starves the restarting JVM of CPU
            } catch (Exception e) { // the server is being killed or restarting: what was not acknowledged is not owed
                pause();
            }
        }
    }

    private void acmeLoad(Acme4jClients acme, Account account) {
        while (running.get()) {
            try {
                X509Certificate c = acme.issue(account);
                received.put(c.getSerialNumber().toString(16), c.getEncoded());
                acmeIssued.incrementAndGet();
            } catch (Exception e) { // a flow cut by a kill starts over with a new order, as a client would
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every received certificate is stored with the same DER; every acknowledged revocation is stored. */
    private List<CertificateRecord> checkInventory(Database db) {
        List<CertificateRecord> revokedRecords = new ArrayList<>();
        received.forEach((serial, der) -> {
            List<CertificateRecord> found = db.certificates().findBySerial(serial);
            assertThat(found).as("received certificate %s in the inventory", serial).hasSize(1);
            assertThat(found.getFirst().der()).as("DER of %s", serial).isEqualTo(der);
            if (revoked.contains(serial)) {
                assertThat(found.getFirst().revokedAt()).as("acknowledged revocation of %s", serial).isPresent();
                revokedRecords.add(found.getFirst());
            }
        });
        assertThat(revokedRecords).hasSize(revoked.size());
        return revokedRecords;
    }

    private void checkCrlAndOcsp(List<CertificateRecord> revokedRecords, int httpPort) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (CertificateRecord r : revokedRecords) {
            String base = "http://127.0.0.1:" + httpPort;
            HttpResponse<byte[]> crl = Crls.awaitListing(base + "/crl/" + r.issuerId() + ".crl", r.serial(),
                    Duration.ofSeconds(20));
            assertThat(Crls.lists(crl.body(), r.serial())).as("%s in the CRL", r.serial()).isTrue();

            X509Certificate issuer = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(ApiClient.plainGet(base + "/ca/" + r.issuerId() + ".pem").body()));
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                    .get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(issuer), new BigInteger(r.serial(), 16));
            HttpResponse<byte[]> ocsp = client.send(HttpRequest.newBuilder(URI.create(base + "/ocsp"))
                    .header("Content-Type", "application/ocsp-request")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new OCSPReqBuilder().addRequest(id).build().getEncoded()))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            OCSPResp resp = new OCSPResp(ocsp.body());
            assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
            assertThat(((BasicOCSPResp) resp.getResponseObject()).getResponses()[0].getCertStatus())
                    .as("OCSP for %s", r.serial()).isInstanceOf(RevokedStatus.class);
        }
    }

    /** Polls until no ACME order or challenge is processing (recovery runs every second in the child). */
    private static Map<String, Integer> awaitNothingProcessing(TestDatabase database) throws Exception {
        Instant deadline = Instant.now().plus(SETTLE);
        while (true) {
            Map<String, Integer> counts = Map.of(
                    "orders", count(database, "select count(*) from acme_orders where status = 'processing'"),
                    "challenges", count(database, "select count(*) from acme_challenges where status = 'processing'"));
            if (counts.values().stream().allMatch(c -> c == 0) || Instant.now().isAfter(deadline)) {
                return counts;
            }
            Thread.sleep(250);
        }
    }

    /** Orders and challenges crash recovery failed (their error says so). */
    private static String recovered(TestDatabase database) throws Exception {
        return count(database, "select count(*) from acme_orders where status = 'invalid'"
                + " and error_json like '%interrupted by a server failure%'") + " orders, "
                + count(database, "select count(*) from acme_challenges where status = 'invalid'"
                + " and error_json like '%interrupted by a server failure%'") + " challenges";
    }

    private static long[] serialCounts(TestDatabase database) throws Exception {
        try (Connection c = connect(database); ResultSet rs = c.createStatement()
                .executeQuery("select count(*), count(distinct serial) from certificates")) {
            rs.next();
            return new long[]{rs.getLong(1), rs.getLong(2)};
        }
    }

    private static int count(TestDatabase database, String sql) throws Exception {
        try (Connection c = connect(database); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Connection connect(TestDatabase database) throws Exception {
        return DriverManager.getConnection(database.settings().url(), database.settings().user(),
                database.settings().password());
    }

    private static byte[] der(String pem) throws Exception {
        return CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).getEncoded();
    }
}
