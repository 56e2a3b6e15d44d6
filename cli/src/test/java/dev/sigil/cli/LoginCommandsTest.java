package dev.sigil.cli;

import dev.sigil.cli.command.SecretPrompt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static dev.sigil.cli.TestServer.json;
import static dev.sigil.cli.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code sigil login} and {@code sigil logout} against the in-test HTTPS server, with a temporary home. */
class LoginCommandsTest extends ServerTestBase {

    private Path home;
    private Path work;
    private Path configDir;

    @BeforeEach
    void dirs() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        work = Files.createDirectories(dir.resolve("work"));
        configDir = home.resolve(".config/sigil");
        server.on("GET", "/api/v1/whoami", json(200, "{\"name\":\"ops-alice\",\"role\":\"operator\"}"));
    }

    /** Nothing configured: no SIGIL_* variables, no ./data in the working directory. */
    private Map<String, String> bare() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("PWD", work.toString());
        return env;
    }

    private CliRun login(InputStream stdin, SecretPrompt prompt, String... args) {
        List<String> all = new ArrayList<>(List.of("login", "--server", server.url()));
        all.addAll(List.of(args));
        return CliRun.run(bare(), stdin, prompt, CliRun.CLOCK, all.toArray(String[]::new));
    }

    private static String sha256(X509Certificate cert) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }

    private Properties config() throws Exception {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(configDir.resolve("config.properties"))) {
            p.load(r);
        }
        return p;
    }

    private static void assertNoSecret(CliRun r) {
        assertThat(r.out()).doesNotContain(TOKEN);
        assertThat(r.err()).doesNotContain(TOKEN);
    }

    @Test
    void thePinnedRootIsFetchedCheckedAndStoredWithTheTokenFromStdin() throws Exception {
        CliRun r = login(CliRun.stdin(TOKEN + "\n"), SecretPrompt.NONE,
                "--ca-fingerprint", "SHA256:" + sha256(pki.root));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Logged in to " + server.url() + " as ops-alice (role operator).",
                "the server's TLS chain", sha256(pki.root));
        assertNoSecret(r);
        assertThat(server.single().header("Authorization")).isEqualTo("Bearer " + TOKEN);

        assertThat(Files.getPosixFilePermissions(configDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        Path token = configDir.resolve("token");
        assertThat(Files.readString(token)).isEqualTo(TOKEN + "\n");
        assertThat(Files.getPosixFilePermissions(token)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(configDir.resolve("config.properties")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        X509Certificate stored;
        try (InputStream in = Files.newInputStream(configDir.resolve("ca.pem"))) {
            stored = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(stored).isEqualTo(pki.root);
        Properties p = config();
        assertThat(p.getProperty("server")).isEqualTo(server.url());
        assertThat(p.getProperty("token-file")).isEqualTo("token");
        assertThat(p.getProperty("ca-cert")).isEqualTo("ca.pem");
        assertThat(Files.readString(configDir.resolve("config.properties"))).doesNotContain(TOKEN);

        // Later commands need nothing but the stored login.
        CliRun whoami = CliRun.run(bare(), "whoami");
        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(whoami.out()).startsWith("ops-alice (role operator)");
        assertThat(server.requests.get(1).header("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void aFingerprintNothingMatchesIsRefusedBeforeAnyRequestAndNothingIsStored() {
        String wrong = "SHA256:" + "ab".repeat(32);

        CliRun r = login(CliRun.stdin(TOKEN), SecretPrompt.NONE, "--ca-fingerprint", wrong);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("error: no certificate with SHA-256 fingerprint " + "AB:".repeat(31) + "AB",
                "CN=sigil test server", "Check the fingerprint").doesNotContain("Exception");
        assertThat(server.requests).isEmpty();
        assertThat(configDir).doesNotExist();
    }

    @Test
    void theTokenFileIsCopiedIntoTheConfigDirectoryAndTheCaFileIsStored() throws Exception {
        Path tokenFile = Files.writeString(work.resolve("alice.token"), "  " + TOKEN + "\n");

        CliRun r = login(InputStream.nullInputStream(), SecretPrompt.NONE,
                "--ca-cert", caFile.toString(), "--token-file", "alice.token");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertNoSecret(r);
        assertThat(Files.readString(configDir.resolve("token"))).isEqualTo(TOKEN + "\n");
        assertThat(Files.readString(tokenFile)).isEqualTo("  " + TOKEN + "\n");
        assertThat(Files.readString(configDir.resolve("ca.pem"))).isEqualTo(pki.rootPem());
    }

    @Test
    void onATerminalTheTokenIsAskedForWithoutEchoAndStdinIsNotRead() throws Exception {
        List<String> prompts = new ArrayList<>();
        SecretPrompt terminal = message -> {
            prompts.add(message);
            return Optional.of(TOKEN.toCharArray());
        };
        ByteArrayInputStream stdin = new ByteArrayInputStream("sgl_not_this_one".getBytes());

        CliRun r = login(stdin, terminal, "--ca-cert", caFile.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(prompts).containsExactly("API token for " + server.url() + " (input hidden): ");
        assertThat(stdin.available()).isPositive();
        assertThat(Files.readString(configDir.resolve("token"))).isEqualTo(TOKEN + "\n");
        assertNoSecret(r);
    }

    @Test
    void aTokenTheServerRejectsIsNotStored() {
        server.on("GET", "/api/v1/whoami", problem(401, "unauthorized", "Unauthorized", "unknown or revoked token"));

        CliRun r = login(CliRun.stdin(TOKEN), SecretPrompt.NONE, "--ca-cert", caFile.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("error: Unauthorized: unknown or revoked token", "hint: ");
        assertNoSecret(r);
        assertThat(configDir).doesNotExist();
    }

    @Test
    void withoutAnyTokenInputLoginSaysHowToGiveOne() {
        CliRun r = login(InputStream.nullInputStream(), SecretPrompt.NONE, "--ca-cert", caFile.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: no token given: pass --token-file FILE, pipe the token");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void badTrustOptionsAreUsageErrors() {
        CliRun both = login(CliRun.stdin(TOKEN), SecretPrompt.NONE, "--ca-cert", caFile.toString(),
                "--ca-fingerprint", "ab".repeat(32));
        CliRun malformed = login(CliRun.stdin(TOKEN), SecretPrompt.NONE, "--ca-fingerprint", "SHA256:abc");

        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("either --ca-cert or --ca-fingerprint");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("'SHA256:abc' is not a SHA-256 fingerprint");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void xdgConfigHomeIsWhereTheLoginGoes() throws Exception {
        Map<String, String> env = bare();
        Path xdg = dir.resolve("xdg");
        env.put("XDG_CONFIG_HOME", xdg.toString());

        CliRun r = CliRun.run(env, CliRun.stdin(TOKEN), SecretPrompt.NONE, Clock.systemUTC(),
                "login", "--server", server.url(), "--ca-cert", caFile.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(xdg.resolve("sigil/token")).hasContent(TOKEN);
        assertThat(configDir).doesNotExist();
    }

    @Test
    void logoutRemovesTheStoredTokenAndKeepsTheServerAndCa() throws Exception {
        assertThat(login(CliRun.stdin(TOKEN), SecretPrompt.NONE, "--ca-cert", caFile.toString()).exitCode()).isZero();

        CliRun out = CliRun.run(bare(), "logout");
        CliRun again = CliRun.run(bare(), "logout");
        CliRun whoami = CliRun.run(bare(), "whoami");

        assertThat(out.exitCode()).as(out.toString()).isZero();
        assertThat(out.out()).contains("Removed the stored token " + configDir.resolve("token"));
        assertThat(configDir.resolve("token")).doesNotExist();
        Properties p = config();
        assertThat(p.getProperty("token-file")).isNull();
        assertThat(p.getProperty("server")).isEqualTo(server.url());
        assertThat(p.getProperty("ca-cert")).isEqualTo("ca.pem");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("nothing to do");
        assertThat(whoami.exitCode()).isEqualTo(1);
        assertThat(whoami.err()).contains("no API token configured");
    }

    @Test
    void environmentVariablesThatHideTheStoredLoginAreNamed() {
        Map<String, String> env = bare();
        env.put("SIGIL_SERVER", server.url());
        env.put("SIGIL_TOKEN", "sgl_other");

        CliRun r = CliRun.run(env, CliRun.stdin(TOKEN), SecretPrompt.NONE, CliRun.CLOCK,
                "login", "--ca-cert", caFile.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("note: SIGIL_SERVER is set", "note: SIGIL_TOKEN is set");
        assertThat(server.single().header("Authorization")).isEqualTo("Bearer " + TOKEN);
    }
}
