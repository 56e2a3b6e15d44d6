package dev.sigil.service.e2e;

import dev.sigil.service.SigilServer;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.testing.Acme4jClients;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.RoundRobinProxy;
import dev.sigil.service.testing.ShiftedClock;
import dev.sigil.storage.acme.AcmeChallenge;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.testing.TestDatabase;
import dev.sigil.storage.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeLazyLoadingException;
import org.shredzone.acme4j.toolbox.JSONBuilder;
import org.shredzone.acme4j.toolbox.JoseUtils;
import org.shredzone.acme4j.util.KeyPairUtils;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, several nodes: three Sigil nodes on one MariaDB database, sharing the CA key files (one data directory),
 * behind a round-robin TCP front that hands every new connection to the next node. acme4j opens a new connection
 * for every operation, so an ACME flow hops nodes at nearly every step and each request carries a nonce another
 * node issued. Proven here: nonces are shared and single-use across nodes; concurrent flows complete with unique
 * serials, all in the inventory; the clustered CRL job runs once per period across the cluster; a node that goes
 * away mid-flow leaves no order stuck, and an order abandoned in processing (as a node killed mid-issuance leaves
 * it) turns invalid after the processing grace on whichever node reads it. One cluster serves the tests in order (starting
 * three nodes on a fresh database is most of the run); the one that stops a node and moves the clock comes last.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeMariaDbTest {

    private static final int NODES = 3;
    private static final int WORKERS = 4;
    private static final int ORDERS_PER_WORKER = 3;
    /** Attempts a worker makes at one certificate; a flow cut by a departing node starts over with a new order. */
    private static final int ATTEMPTS = 4;
    private static final Duration CRL_PERIOD = Duration.ofSeconds(2);
    /** Long enough for the CRL job count to tell one clustered scheduler from three independent ones. */
    private static final Duration MIN_CRL_WINDOW = Duration.ofSeconds(10);
    /** acme's OrderState.PROCESSING_GRACE (package-private there): processing this long past expiry is abandoned. */
    private static final Duration PROCESSING_GRACE = Duration.ofMinutes(10);
    private static final String DIRECTORY = "/acme/default";
    private static final Pattern HTTPS_REQUESTS =
            Pattern.compile("sigil_http_requests_seconds_count\\{listener=\"https\",[^}]*} (\\S+)");
    private static final Pattern CRL_RUNS = Pattern.compile("sigil_jobs_runs_total\\{job=\"crl-publish\"} (\\S+)");

    Path dir;
    TestDatabase database;
    Acme4jClients acme;
    final ShiftedClock clock = new ShiftedClock();
    final List<SigilServer> nodes = new ArrayList<>();
    final Set<SigilServer> closed = Collections.synchronizedSet(new HashSet<>());
    RoundRobinProxy front;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        database = TestDatabases.mariaDb();
        acme = Acme4jClients.start();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            SigilServer node = start("node-" + i);
            nodes.add(node);
            ports.add(node.httpsPort());
        }
        front = RoundRobinProxy.start(ports);
    }

    private SigilServer start(String name) {
        Map<String, String> o = new HashMap<>(acme.validationOverrides());
        o.put("sigil.data-dir", dir.resolve("data").toString()); // the same key files on every node
        o.put("sigil.server.host", "127.0.0.1");
        o.put("sigil.server.https-port", "0");
        o.put("sigil.server.http-port", "0");
        o.put("sigil.server.observe-port", "0");
        o.put("sigil.db.url", database.settings().url());
        o.put("sigil.db.user", database.settings().user());
        o.put("sigil.db.password", database.settings().password());
        o.put("sigil.node.name", name);
        o.put("sigil.crl.period", CRL_PERIOD.toSeconds() + "s");
        o.put("sigil.crl.validity", "1m");
        return SigilServer.start(SigilConfig.load(Optional.empty(), Map.of(), o), clock);
    }

    @AfterAll
    void stop() {
        try {
            if (front != null) {
                front.close();
            }
            for (SigilServer node : nodes) {
                if (closed.add(node)) {
                    node.close();
                }
            }
            if (acme != null) {
                acme.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    @Order(1)
    void aNonceIssuedByOneNodeIsRedeemedOnAnotherExactlyOnce() throws Exception {
        String nonce = newNonce(nodes.get(0));
        KeyPair key = KeyPairUtils.createECKeyPair("secp256r1");

        HttpResponse<String> created = post(nodes.get(1), "/new-account", key, nonce,
                new JSONBuilder().put("termsOfServiceAgreed", true));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).isPresent();

        // The same nonce on a third node: already spent, for the whole cluster.
        HttpResponse<String> replayed = post(nodes.get(2), "/new-account", key, nonce,
                new JSONBuilder().put("onlyReturnExisting", true));
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(400);
        assertThat(replayed.body()).contains("urn:ietf:params:acme:error:badNonce");
        // ...while a fresh one from the first node is good on the third.
        HttpResponse<String> found = post(nodes.get(2), "/new-account", key, newNonce(nodes.get(0)),
                new JSONBuilder().put("onlyReturnExisting", true));
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        // The same account, named under the node that was asked.
        assertThat(lastSegment(found.headers().firstValue("Location").orElseThrow()))
                .isEqualTo(lastSegment(created.headers().firstValue("Location").orElseThrow()));
    }

    @Test
    @Order(2)
    void concurrentFlowsHoppingNodesGetUniqueSerialsAndTheCrlJobRunsOncePerPeriodAcrossTheCluster() throws Exception {
        double[] requestsBefore = httpsRequests();
        double crlRunsBefore = crlRuns();
        Instant began = Instant.now();

        Flows flows = runFlows();
        List<X509Certificate> issued = flows.certificates.get(2, TimeUnit.MINUTES);

        Duration window = Duration.between(began, Instant.now());
        if (window.compareTo(MIN_CRL_WINDOW) < 0) {
            Thread.sleep(MIN_CRL_WINDOW.minus(window).toMillis());
            window = MIN_CRL_WINDOW;
        }
        double crlRuns = crlRuns() - crlRunsBefore;
        double[] requestsAfter = httpsRequests();

        assertThat(issued).hasSize(WORKERS * ORDERS_PER_WORKER);
        assertThat(flows.retries.get()).as("no flow needed a retry with every node up").isZero();
        assertUniqueAndInInventory(issued);

        // Every node served a fair share: the flows really hopped (about a third each; a quarter at least).
        double total = 0;
        for (int i = 0; i < NODES; i++) {
            total += requestsAfter[i] - requestsBefore[i];
        }
        for (int i = 0; i < NODES; i++) {
            assertThat(requestsAfter[i] - requestsBefore[i]).as("node-%d of %s requests", i, total)
                    .isGreaterThan(total / 4);
        }
        assertThat(front.connections(0) + front.connections(1) + front.connections(2))
                .as("a new connection per operation").isGreaterThan(WORKERS * ORDERS_PER_WORKER * 5);

        // One tick per period across the cluster; three unclustered schedulers would run about three times as often.
        // (A busy machine may delay ticks, hence the loose lower bound: the upper one tells the two apart.)
        double periods = (double) window.toMillis() / CRL_PERIOD.toMillis();
        assertThat(crlRuns).as("crl-publish runs in %s (%s periods)", window, periods)
                .isBetween(periods / 2, periods + 2);
    }

    @Test
    @Order(3)
    void aNodeGoneMidFlowLeavesNoOrderStuck() throws Exception {
        double before = httpsRequests()[2];
        Flows flows = runFlows();
        awaitRequests(2, before + 10); // node-2 is serving the flows now
        front.down(2); // its clients' connections die, as if it crashed...
        closed.add(nodes.get(2));
        nodes.get(2).close(); // ...and it is gone for good

        List<X509Certificate> issued = flows.certificates.get(2, TimeUnit.MINUTES);
        assertThat(issued).as("every flow completed through the other nodes").hasSize(WORKERS * ORDERS_PER_WORKER);
        System.out.printf("node-2 gone mid-flow: %d certificates issued, %d flows started over%n", issued.size(),
                flows.retries.get());
        assertUniqueAndInInventory(issued);
        AcmeStore store = nodes.get(0).database().acme();
        for (Account account : flows.accounts) {
            for (AcmeOrder order : store.ordersOf(Acme4jClients.id(account), Optional.empty(), 100).items()) {
                assertThat(order.status()).as("order %s", order.id()).isNotEqualTo(AcmeStatus.Order.PROCESSING);
                for (String authorization : order.authorizationIds()) {
                    for (AcmeChallenge challenge : store.authorization(authorization).orElseThrow().challenges()) {
                        assertThat(challenge.status()).as("challenge %s", challenge.id())
                                .isNotEqualTo(AcmeStatus.Challenge.PROCESSING);
                    }
                }
            }
        }

        // What a node killed between "ready → processing" and the issuance leaves behind: an order in processing
        // no node is working on. Once its expiry plus the processing grace have passed, any node reading it says
        // invalid (serverInternal), so the client knows to start over.
        Account account = flows.accounts.get(0);
        org.shredzone.acme4j.Order order = acme.authorized(account);
        String orderId = lastSegment(order.getLocation().toString());
        assertThat(store.transitionOrder(orderId, AcmeStatus.Order.READY, AcmeStatus.Order.PROCESSING,
                Optional.empty(), Optional.empty(), Optional.empty())).isTrue();
        order.fetch();
        assertThat(order.getStatus()).isEqualTo(Status.PROCESSING);
        Instant expires = store.order(orderId).orElseThrow().expiresAt();
        clock.jump(Duration.between(clock.instant(), expires).plus(PROCESSING_GRACE).plusMinutes(1));
        order.fetch();
        assertThat(order.getStatus()).isEqualTo(Status.INVALID);
        assertThat(order.getError()).isPresent();
        assertThat(order.getError().orElseThrow().getType().toString())
                .isEqualTo("urn:ietf:params:acme:error:serverInternal");
        assertThat(store.order(orderId).orElseThrow().status()).isEqualTo(AcmeStatus.Order.INVALID);
    }

    /** Workers, each with its own account, obtaining certificates concurrently through the front. */
    private record Flows(List<Account> accounts, CompletableFuture<List<X509Certificate>> certificates,
                         AtomicInteger retries) {
    }

    private Flows runFlows() throws Exception {
        URI directory = URI.create("https://localhost:" + front.port() + DIRECTORY + "/directory");
        Path root = nodes.get(0).started().rootPem();
        List<Account> accounts = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            accounts.add(acme.register(directory, root));
        }
        AtomicInteger retries = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<List<X509Certificate>>> work = new ArrayList<>();
        for (Account account : accounts) {
            work.add(pool.submit(() -> {
                List<X509Certificate> mine = new ArrayList<>();
                for (int i = 0; i < ORDERS_PER_WORKER; i++) {
                    mine.add(issueRetrying(account, retries));
                }
                return mine;
            }));
        }
        pool.shutdown();
        CompletableFuture<List<X509Certificate>> all = CompletableFuture.supplyAsync(() -> {
            List<X509Certificate> certificates = new ArrayList<>();
            try {
                for (Future<List<X509Certificate>> f : work) {
                    certificates.addAll(f.get());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return certificates;
        });
        return new Flows(accounts, all, retries);
    }

    /** One certificate; a flow broken by a node going away starts over with a new order, as a real client would. */
    private X509Certificate issueRetrying(Account account, AtomicInteger retries) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return acme.issue(account);
            } catch (AcmeException | AcmeLazyLoadingException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                retries.incrementAndGet();
            }
        }
    }

    private void assertUniqueAndInInventory(List<X509Certificate> issued) {
        Set<String> serials = new HashSet<>();
        for (X509Certificate c : issued) {
            String serial = c.getSerialNumber().toString(16);
            assertThat(serials.add(serial)).as("serial %s unique", serial).isTrue();
            List<CertificateRecord> recorded = nodes.get(1).database().certificates().findBySerial(serial);
            assertThat(recorded).as("serial %s in the inventory", serial).hasSize(1);
            assertThat(recorded.get(0).der()).isEqualTo(encoded(c));
        }
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String newNonce(SigilServer node) throws Exception {
        HttpResponse<String> r = api(node).send("HEAD", DIRECTORY + "/new-nonce", null, null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.headers().firstValue("Replay-Nonce").orElseThrow();
    }

    private HttpResponse<String> post(SigilServer node, String resource, KeyPair key, String nonce,
                                      JSONBuilder payload) throws Exception {
        URI url = URI.create("https://localhost:" + node.httpsPort() + DIRECTORY + resource);
        String jws = JoseUtils.createJoseRequest(url.toURL(), key, payload, nonce, null).toString();
        return api(node).send("POST", DIRECTORY + resource, null, "application/jose+json", jws);
    }

    private ApiClient api(SigilServer node) throws Exception {
        return new ApiClient(nodes.get(0).started().rootPem(), node.httpsPort());
    }

    private void awaitRequests(int node, double atLeast) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (httpsRequests()[node] < atLeast) {
            assertThat(Instant.now()).as("node-%d never reached %s requests", node, atLeast).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    /** Requests each node's HTTPS listener has answered, from its own metrics. */
    private double[] httpsRequests() throws Exception {
        double[] counts = new double[NODES];
        for (int i = 0; i < NODES; i++) {
            counts[i] = closed.contains(nodes.get(i)) ? 0 : sum(HTTPS_REQUESTS, metrics(nodes.get(i)));
        }
        return counts;
    }

    private double crlRuns() throws Exception {
        double runs = 0;
        for (SigilServer node : nodes) {
            runs += sum(CRL_RUNS, metrics(node));
        }
        return runs;
    }

    private static String metrics(SigilServer node) throws Exception {
        return new String(ApiClient.plainGet("http://127.0.0.1:" + node.observePort() + "/metrics").body());
    }

    private static double sum(Pattern p, String metrics) {
        double total = 0;
        Matcher m = p.matcher(metrics);
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    private static String lastSegment(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
