package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.Cli;
import dev.sigil.service.testing.Sshd;
import dev.sigil.service.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sigil's SSH CAs against a real OpenSSH: certificates signed through the {@code sigil ssh} CLI log in to a real
 * {@code sshd} that trusts the user CA, refuses what the KRL downloaded from Sigil revokes, what its principals file
 * does not list and what has expired; and a real {@code ssh} accepts an sshd host certificate through an
 * {@code @cert-authority} known_hosts line, with strict host key checking. {@code ssh-keygen -Q} confirms each kind of
 * revocation in the published KRL.
 */
class SshdEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The one principal that may log in as the local user (listed in sshd's principals file). */
    private static final String PRINCIPAL = "sigil-test-root";
    /** A short certificate lifetime for the expiry case, and how long past it we wait at most. */
    private static final Duration SHORT_TTL = Duration.ofSeconds(3);
    private static final Duration EXPIRY_WAIT_LIMIT = Duration.ofSeconds(20);
    /** ssh's exit code when it cannot connect or authenticate. */
    private static final int SSH_FAILED = 255;

    @TempDir
    static Path dir;
    static SigilServer server;
    static Map<String, String> env;
    static Sshd sshd;
    static Path hostKey;
    static Path revokedKeys;
    static String publicBase;

    @BeforeAll
    static void start() throws Exception {
        Sshd.requireInstalled();
        // The admin token may sign for the test principals (the default allows only its own name), and hosts may be
        // named by loopback address (the default allows names only).
        server = TestServer.start(dir.resolve("data"), Map.of(
                "sigil.ssh.user.principals", PRINCIPAL + ",somebody-else",
                "sigil.ssh.host.principals", "127.0.0.1,localhost"));
        env = TestServer.cliEnv(server, dir);
        publicBase = "http://localhost:" + server.httpPort();

        Path userCa = dir.resolve("user_ca.pub");
        Files.writeString(userCa, ok("ssh", "ca", "--type", "user").out());
        hostKey = Sshd.newKey(dir.resolve("ssh_host_ed25519_key"), "sshd-under-test");
        ok("ssh", "sign", "--public-key", hostKey + ".pub", "--type", "host", "--principal", "127.0.0.1",
                "--principal", "localhost", "--ttl", "1h");
        revokedKeys = dir.resolve("revoked_keys.krl");
        // Without --krl-url: the CLI finds the public listener through the admin API.
        ok("ssh", "krl", "--out", revokedKeys.toString());

        Path sshdDir = Files.createDirectories(dir.resolve("sshd"));
        sshd = Sshd.start(sshdDir, new Sshd.Config(hostKey, Optional.of(Path.of(hostKey + "-cert.pub")), userCa,
                revokedKeys, Map.of(Sshd.localUser(), List.of(PRINCIPAL))));
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(env, args);
        assertThat(r.exit()).as("sigil " + String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    /** A fresh Ed25519 key certified through {@code sigil ssh sign}; the API's answer. */
    static JsonNode signUser(String name, String principal, String ttl) throws Exception {
        Path key = Sshd.newKey(dir.resolve(name), name + "@e2e");
        return JSON.readTree(ok("ssh", "sign", "--public-key", key + ".pub", "--type", "user", "--principal", principal,
                "--ttl", ttl, "--key-id", name, "--output", "json").out());
    }

    static Path key(String name) {
        return dir.resolve(name);
    }

    static Path cert(String name) {
        return dir.resolve(name + "-cert.pub");
    }

    /** Logs in as the local user without checking the host key (the host key is test (e)'s subject). */
    static Sshd.Result login(String name) throws Exception {
        return sshd.ssh(key(name), cert(name), Sshd.localUser(),
                List.of("StrictHostKeyChecking=no", "UserKnownHostsFile=/dev/null", "LogLevel=ERROR"), "echo", "ok");
    }

    static String logged(Sshd.Result r) {
        return r + "\n--- sshd log\n" + sshd.log();
    }

    @Test
    void aUserCertificateWithAListedPrincipalLogsIn() throws Exception {
        JsonNode cert = signUser("alice", PRINCIPAL, "1h");

        Sshd.Result r = login("alice");

        assertThat(r.exit()).as(logged(r)).isZero();
        assertThat(r.out().strip()).isEqualTo("ok");
        assertThat(sshd.log()).contains("Accepted certificate ID \"alice\" (serial " + cert.get("serial").asText()
                + ")");
        // The certificate file the CLI wrote is the API's certificate line.
        assertThat(Files.readString(cert("alice")).strip()).isEqualTo(cert.get("certificate").asText());
        // show and list read the same certificate back through the real API.
        String serial = cert.get("serial").asText();
        assertThat(ok("ssh", "show", serial).out()).contains("key id:", "alice", PRINCIPAL, "status:", "valid",
                cert.get("certificate").asText());
        JsonNode listed = JSON.readTree(ok("ssh", "list", "--key-id", "alice", "--output", "json").out());
        assertThat(listed.path("items").findValuesAsText("serial")).containsExactly(serial);
    }

    @Test
    void aRevokedCertificateIsRefusedOnceTheKrlIsRefreshed() throws Exception {
        JsonNode cert = signUser("bob", PRINCIPAL, "1h");
        signUser("bob-other", PRINCIPAL, "1h");
        Sshd.Result before = login("bob");
        assertThat(before.exit()).as(logged(before)).isZero();

        ok("ssh", "revoke", cert.get("serial").asText(), "--reason", "keyCompromise");
        ok("ssh", "krl", "--out", revokedKeys.toString(), "--krl-url", publicBase + "/ssh/revoked_keys.krl");
        Sshd.Result after = login("bob");
        Sshd.Result other = login("bob-other");

        assertThat(after.exit()).as(logged(after)).isEqualTo(SSH_FAILED);
        assertThat(after.err()).contains("Permission denied");
        assertThat(sshd.log()).contains("revoked by file " + revokedKeys.toAbsolutePath());
        assertThat(other.exit()).as("a certificate not revoked still logs in\n" + logged(other)).isZero();
    }

    @Test
    void aPrincipalNotInThePrincipalsFileIsRefused() throws Exception {
        JsonNode cert = signUser("mallory", "somebody-else", "1h");

        Sshd.Result r = login("mallory");

        assertThat(r.exit()).as(logged(r)).isEqualTo(SSH_FAILED);
        assertThat(r.err()).contains("Permission denied");
        assertThat(r.out()).doesNotContain("ok");
        // Refused for the principal, not for anything else: sshd trusted the CA and then found no listed principal.
        assertThat(sshd.log()).contains("Certificate does not contain an authorized principal",
                "ID mallory (serial " + cert.get("serial").asText() + ")");
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        JsonNode cert = signUser("carol", PRINCIPAL, SHORT_TTL.toSeconds() + "s");
        Instant validBefore = Instant.parse(cert.get("validBefore").asText());
        assertThat(validBefore).isBefore(Instant.now().plus(EXPIRY_WAIT_LIMIT));
        // sshd compares whole seconds; one more second keeps clear of the boundary.
        Instant expired = validBefore.plusSeconds(1);
        while (Instant.now().isBefore(expired)) {
            Thread.sleep(Math.max(1, Duration.between(Instant.now(), expired).toMillis()));
        }

        Sshd.Result r = login("carol");

        assertThat(r.exit()).as(logged(r)).isEqualTo(SSH_FAILED);
        assertThat(sshd.log()).contains("Certificate invalid: expired",
                "ID carol (serial " + cert.get("serial").asText() + ")");
    }

    @Test
    void aHostCertificateIsAcceptedThroughCertAuthorityInKnownHosts() throws Exception {
        signUser("dave", PRINCIPAL, "1h");
        String line = ok("ssh", "ca", "--type", "host", "--known-hosts", "127.0.0.1,localhost").out().strip();
        HttpResponse<byte[]> published = ApiClient.plainGet(publicBase + "/ssh/known_hosts?pattern="
                + URLEncoder.encode("127.0.0.1,localhost", StandardCharsets.UTF_8));
        assertThat(published.statusCode()).isEqualTo(200);
        assertThat(line).startsWith("@cert-authority 127.0.0.1,localhost ssh-");
        assertThat(new String(published.body(), StandardCharsets.UTF_8).strip()).isEqualTo(line);
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, line + "\n");
        List<String> strict = List.of("StrictHostKeyChecking=yes", "UserKnownHostsFile=" + knownHosts);

        Sshd.Result r = sshd.ssh(key("dave"), cert("dave"), Sshd.localUser(), strict, "echo", "ok");
        // Control: offered only the plain host key, which known_hosts does not list, ssh must refuse.
        Sshd.Result plain = sshd.ssh(key("dave"), cert("dave"), Sshd.localUser(),
                List.of(strict.get(0), strict.get(1), "HostKeyAlgorithms=ssh-ed25519"), "echo", "ok");

        assertThat(r.exit()).as(logged(r)).isZero();
        assertThat(r.out().strip()).isEqualTo("ok");
        assertThat(plain.exit()).as(logged(plain)).isEqualTo(SSH_FAILED);
        assertThat(plain.err()).contains("Host key verification failed");
    }

    @Test
    void sshKeygenFindsEachKindOfRevocationInThePublishedKrl() throws Exception {
        JsonNode bySerial = signUser("erin-serial", PRINCIPAL, "1h");
        signUser("erin-keyid", PRINCIPAL, "1h");
        signUser("erin-key", PRINCIPAL, "1h");
        signUser("erin-kept", PRINCIPAL, "1h");

        ok("ssh", "revoke", bySerial.get("serial").asText(), "--reason", "superseded");
        ok("ssh", "revoke", "--key-id", "erin-keyid", "--type", "user", "--reason", "affiliationChanged");
        ok("ssh", "revoke", "--public-key", key("erin-key") + ".pub", "--reason", "keyCompromise");
        Path krl = dir.resolve("check.krl");
        ok("ssh", "krl", "--out", krl.toString(), "--krl-url", publicBase + "/ssh/revoked_keys.krl");

        assertThat(query(krl, cert("erin-serial"))).isEqualTo("REVOKED");
        assertThat(query(krl, cert("erin-keyid"))).isEqualTo("REVOKED");
        assertThat(query(krl, Path.of(key("erin-key") + ".pub"))).isEqualTo("REVOKED");
        assertThat(query(krl, cert("erin-key"))).isEqualTo("REVOKED");
        assertThat(query(krl, cert("erin-kept"))).isEqualTo("ok");
        assertThat(query(krl, Path.of(key("erin-serial") + ".pub"))).as("only the certificate was revoked")
                .isEqualTo("ok");
    }

    /** {@code ssh-keygen -Q -f krl file}: "REVOKED" or "ok", checked against its exit code. */
    static String query(Path krl, Path file) throws Exception {
        Sshd.Result r = Sshd.run(dir, List.of("ssh-keygen", "-Q", "-f", krl.toString(), file.toString()));
        String out = r.out().strip();
        if (out.endsWith(": REVOKED")) {
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            return "REVOKED";
        }
        assertThat(out).as(r.toString()).endsWith(": ok");
        assertThat(r.exit()).as(r.toString()).isZero();
        return "ok";
    }
}
