package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.testing.Acme4jClients;
import dev.sigil.service.testing.Cli;
import dev.sigil.service.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.exception.AcmeServerException;

import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The incident flow against a real Sigil, real ACME clients (acme4j) and the real CLI: an account obtains
 * certificates over ACME; the operator finds it with {@code sigil acme accounts list}, previews with
 * {@code --dry-run}, revokes everything it holds (the inventory shows each revoked, a neighbour's certificate stays
 * valid), runs it again (nothing left to revoke), deactivates the account (ACME then refuses it with
 * {@code unauthorized}), and {@code sigil crl show} / {@code sigil ca show} show a newer CRL. Subclasses choose
 * the database.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
public abstract class AcmeAccountRevocationFlowContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longer than the tests' revocation delay (1 s) plus a publication, with room for a slow machine. */
    private static final Duration CRL_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    SigilServer server;
    Acme4jClients acme;
    Map<String, String> env;

    /** Config overrides that select the database under test. */
    abstract Map<String, String> databaseOverrides() throws Exception;

    /** Runs after the server has stopped (e.g. to drop a test database). */
    void afterServerStopped() {
    }

    @BeforeEach
    void start() throws Exception {
        acme = Acme4jClients.start();
        Map<String, String> overrides = new HashMap<>(databaseOverrides());
        overrides.putAll(acme.validationOverrides());
        server = TestServer.start(dir.resolve("data"), overrides);
        env = TestServer.cliEnv(server, dir);
    }

    @AfterEach
    void stop() {
        try {
            if (server != null) {
                server.close();
            }
            if (acme != null) {
                acme.close();
            }
        } finally {
            afterServerStopped();
        }
    }

    @Test
    void theOperatorRevokesEverythingAnAccountHoldsThenDeactivatesIt() throws Exception {
        URI directory = URI.create("https://localhost:" + server.httpsPort() + "/acme/default/directory");
        Account holder = acme.register(directory, server.started().rootPem());
        Account neighbour = acme.register(directory, server.started().rootPem());
        List<String> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(serial(acme.issue(holder)));
        }
        String neighbours = serial(acme.issue(neighbour));
        String id = Acme4jClients.id(holder);
        String issuer = json(ok("cert", "show", held.get(0), "--output", "json")).path("issuer").asText();
        // One of them was revoked on its own before the incident.
        ok("cert", "revoke", held.get(2), "--reason", "superseded");

        JsonNode listed = find(json(ok("acme", "accounts", "list", "--directory", "default", "--output", "json")), id);
        assertThat(listed.path("status").asText()).isEqualTo("valid");
        assertThat(listed.path("orders").asLong()).isEqualTo(3);
        assertThat(listed.path("certificates").asLong()).isEqualTo(3);
        assertThat(listed.path("validCertificates").asLong()).isEqualTo(2);
        assertThat(ok("acme", "accounts", "list").out()).contains(id, Acme4jClients.id(neighbour));
        assertThat(ok("acme", "accounts", "show", id).out()).contains("mailto:ops@sigil.internal",
                "valid certificates: 2");

        // A script without --yes is refused before anything is sent.
        Cli.Result refused = Cli.run(env, "acme", "accounts", "revoke-certificates", id, "--reason", "keyCompromise");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("add --yes");
        assertThat(status(held.get(0))).isEqualTo("valid");

        Cli.Result dryRun = ok("acme", "accounts", "revoke-certificates", id, "--reason", "keyCompromise", "--dry-run");
        assertThat(dryRun.out()).contains(held.get(0), held.get(1), "would revoke 2 certificates")
                .doesNotContain(held.get(2)).doesNotContain(neighbours);
        assertThat(status(held.get(1))).isEqualTo("valid");
        long crlBefore = newest(json(ok("crl", "show", "--issuer", issuer, "--output", "json")));

        JsonNode revoked = json(ok("acme", "accounts", "revoke-certificates", id, "--reason", "keyCompromise",
                "--yes", "--output", "json"));
        assertThat(revoked.path("revoked").asLong()).isEqualTo(2);
        assertThat(revoked.path("alreadyRevoked").asLong()).isEqualTo(1);
        assertThat(revoked.path("expired").asLong()).isZero();
        assertThat(JSON.convertValue(revoked.path("serials"), List.class)).containsExactlyInAnyOrder(held.get(0),
                held.get(1));
        for (String s : held.subList(0, 2)) {
            JsonNode cert = json(ok("cert", "show", s, "--output", "json"));
            assertThat(cert.path("status").asText()).isEqualTo("revoked");
            assertThat(cert.path("revocationReason").asText()).isEqualTo("keyCompromise");
        }
        assertThat(status(held.get(2))).as("revoked before, reason kept").isEqualTo("revoked");
        assertThat(json(ok("cert", "show", held.get(2), "--output", "json")).path("revocationReason").asText())
                .isEqualTo("superseded");
        assertThat(status(neighbours)).as("another account's certificate").isEqualTo("valid");

        Cli.Result again = ok("acme", "accounts", "revoke-certificates", id, "--reason", "keyCompromise", "--yes");
        assertThat(again.out()).startsWith("revoked 0 certificates of ACME account " + id)
                .contains("3 already revoked");

        Cli.Result deactivated = ok("acme", "accounts", "deactivate", id, "--yes");
        assertThat(deactivated.out()).contains("deactivated ACME account " + id);
        assertThat(json(ok("acme", "accounts", "show", id, "--output", "json")).path("status").asText())
                .isEqualTo("deactivated");
        assertThatThrownBy(() -> holder.newOrder().identifier(Identifier.ip("127.0.0.1")).create())
                .isInstanceOfSatisfying(AcmeServerException.class, e -> assertThat(e.getType())
                        .isEqualTo(URI.create("urn:ietf:params:acme:error:unauthorized")));
        Cli.Result twice = Cli.run(env, "acme", "accounts", "deactivate", id, "--yes");
        assertThat(twice.exit()).as(twice.toString()).isEqualTo(1);
        assertThat(twice.err()).contains("already deactivated");
        assertThat(serial(acme.issue(neighbour))).as("the neighbour is not affected").isNotBlank();

        // The audit log proves what happened: the deactivation and both runs, with their counts.
        JsonNode audit = json(ok("audit", "list", "--action", "acme.account.revoke-certificates", "--output", "json"));
        assertThat(audit.toString()).contains("revoked=2 alreadyRevoked=1", "revoked=0 alreadyRevoked=3");

        // After a revocation a delta CRL of the latest full CRL is published (docs/CRL.md), numbered above both.
        JsonNode crl = awaitCrlAfter(issuer, crlBefore);
        assertThat(newest(crl)).isGreaterThan(crlBefore);
        assertThat(crl.path("delta").path("entries").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(ok("crl", "show", "--issuer", issuer).out()).contains("number:", "this update:", "ago)",
                "next update:", "entries:", "delta number:      " + newest(crl));
        JsonNode ca = json(ok("ca", "show", issuer, "--output", "json"));
        assertThat(ca.path("sha256Fingerprint").asText()).isEqualTo(fingerprintOf(issuer));
        assertThat(newest(ca.path("crl"))).isGreaterThan(crlBefore);
        assertThat(ok("ca", "show", issuer).out()).contains("expires:", "in ", " days", "SHA-256:");
    }

    private Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(env, args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    private static JsonNode json(Cli.Result r) throws Exception {
        return JSON.readTree(r.out());
    }

    private String status(String serial) throws Exception {
        return json(ok("cert", "show", serial, "--output", "json")).path("status").asText();
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode a : list.path("items")) {
            if (a.path("id").asText().equals(id)) {
                return a;
            }
        }
        throw new AssertionError("account " + id + " not listed: " + list);
    }

    private static String serial(X509Certificate c) {
        return c.getSerialNumber().toString(16);
    }

    /** Polls {@code sigil crl show} until a CRL numbered above {@code before} is published (full or delta). */
    private JsonNode awaitCrlAfter(String issuer, long before) throws Exception {
        long deadline = System.nanoTime() + CRL_WAIT.toNanos();
        while (true) {
            JsonNode crl = json(ok("crl", "show", "--issuer", issuer, "--output", "json"));
            if (newest(crl) > before || System.nanoTime() > deadline) {
                return crl;
            }
            Thread.sleep(200);
        }
    }

    /** The highest CRL number shown: the full CRL's, or its delta's when there is one (one sequence for both). */
    private static long newest(JsonNode crl) {
        return Math.max(crl.path("number").asLong(), crl.path("delta").path("number").asLong());
    }

    /** The issuer's fingerprint computed here from its certificate, as openssl prints it. */
    private String fingerprintOf(String issuer) throws Exception {
        String pem = ok("ca", "show", issuer, "--output", "pem").out();
        X509Certificate cert = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }
}
