package dev.sigil.service.e2e;

import dev.sigil.service.SigilServer;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.testing.Cli;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.service.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator on a fresh machine: {@code sigil login} with only the root's fingerprint (found through the
 * intermediate's AIA URL, since Sigil does not send its root in the handshake), then every command works from the
 * stored settings alone, and {@code sigil doctor} finds nothing wrong with a real server.
 */
class LoginDoctorCliTest {

    @TempDir
    static Path dir;
    static SigilServer server;
    static Path adminToken;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Map.of());
        adminToken = server.started().dataDir().resolve("admin-token");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A machine with nothing configured: a home and an empty working directory, no SIGIL_* variables. */
    static Map<String, String> freshMachine(String name) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name + "/home"));
        Path work = Files.createDirectories(dir.resolve(name + "/work"));
        return Map.of("HOME", home.toString(), "PWD", work.toString());
    }

    static String url() {
        return "https://localhost:" + server.httpsPort();
    }

    @Test
    void loginWithTheRootFingerprintThenCommandsAndDoctorWorkFromTheStoredConfig() throws Exception {
        Map<String, String> env = freshMachine("operator");
        String token = Files.readString(adminToken).strip();

        Cli.Result login = Cli.run(env, "login", "--server", url(),
                "--ca-fingerprint", "SHA256:" + server.started().rootFingerprint(),
                "--token-file", adminToken.toString());

        assertThat(login.exit()).as(login.toString()).isZero();
        assertThat(login.out()).contains("Logged in to " + url() + " as admin (role admin).",
                server.started().rootFingerprint(), "/ca/").doesNotContain(token);
        assertThat(Files.readString(Path.of(env.get("HOME"), ".config/sigil/ca.pem")))
                .isEqualTo(Files.readString(server.started().rootPem()));

        Path csr = Files.writeString(Path.of(env.get("PWD"), "web.csr"),
                TestCsrs.csr(KeyType.EC_P256, "CN=web.login.internal", "web.login.internal"));
        Cli.Result issued = Cli.run(env, "cert", "issue", "--csr", csr.toString(), "--out", "web.pem");
        assertThat(issued.exit()).as(issued.toString()).isZero();
        Cli.Result list = Cli.run(env, "cert", "list", "--san", "web.login.internal");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).contains("CN=web.login.internal");

        Cli.Result doctor = Cli.run(env, "doctor");
        assertThat(doctor.exit()).as(doctor.toString()).isZero();
        List<String> lines = doctor.out().lines().toList();
        assertThat(lines).extracting(l -> l.substring(6, l.indexOf(' ', 6)))
                .containsExactly("config", "DNS", "TCP", "TLS", "HTTP", "token", "clock", "CA", "CA", "health");
        assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("ok  "));
        assertThat(doctor.out()).contains("admin (role admin)", "UP (database UP, keys UP)")
                .doesNotContain(token);
    }

    @Test
    void aWrongFingerprintStoresNothingAndDoctorThenExplainsTheMissingTrust() throws Exception {
        Map<String, String> env = freshMachine("wrong-pin");

        Cli.Result login = Cli.run(env, "login", "--server", url(), "--ca-fingerprint", "SHA256:" + "0".repeat(64),
                "--token-file", adminToken.toString());

        assertThat(login.exit()).as(login.toString()).isEqualTo(1);
        assertThat(login.err()).contains("no certificate with SHA-256 fingerprint", "/ca/");
        assertThat(Path.of(env.get("HOME"), ".config/sigil")).doesNotExist();

        Cli.Result doctor = Cli.run(env, "--server", url(), "doctor");
        assertThat(doctor.exit()).isEqualTo(1);
        assertThat(doctor.out()).contains("FAIL  TLS", "not trusted by the JDK's trust store",
                "sigil login --server " + url() + " --ca-fingerprint");
    }
}
