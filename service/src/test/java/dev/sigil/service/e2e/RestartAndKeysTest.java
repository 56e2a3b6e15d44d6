package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.ca.keys.KeyCustodyException;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.service.testing.TestServer;
import dev.sigil.storage.DatabaseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What survives a restart, what the passphrase protects, and what the zero-config start leaves on disk. */
class RestartAndKeysTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void restartKeepsCaTokensAndInventory() throws Exception {
        Path data = dir.resolve("data");
        String fingerprint;
        String serial;
        String token;
        try (SigilServer first = TestServer.start(data, Map.of())) {
            assertThat(first.started().caCreated()).isTrue();
            assertThat(first.started().adminTokenCreated()).isTrue();
            fingerprint = first.started().rootFingerprint();
            token = TestServer.adminToken(first);
            ApiClient api = new ApiClient(first.started().rootPem(), first.httpsPort());
            var r = api.postJson("/api/v1/certificates", token, JSON.writeValueAsString(
                    Map.of("csr", TestCsrs.csr(KeyType.EC_P384, "CN=keep.internal"), "owner", "ops")));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            serial = JSON.readTree(r.body()).path("serial").asText();
        }
        try (SigilServer second = TestServer.start(data, Map.of())) {
            assertThat(second.started().caCreated()).isFalse();
            assertThat(second.started().adminTokenCreated()).isFalse();
            assertThat(second.started().rootFingerprint()).isEqualTo(fingerprint);
            ApiClient api = new ApiClient(second.started().rootPem(), second.httpsPort());
            JsonNode shown = JSON.readTree(api.get("/api/v1/certificates/" + serial, token).body());
            assertThat(shown.path("owner").asText()).isEqualTo("ops");
            assertThat(shown.path("status").asText()).isEqualTo("valid");
        }
    }

    @Test
    void zeroConfigStartKeepsSecretsOwnerOnlyAndOutOfTheDatabase() throws Exception {
        Path data = dir.resolve("data");
        try (SigilServer s = TestServer.start(data, Map.of())) {
            assertThat(s.started().passphraseGenerated()).isTrue();
            for (Path secret : new Path[]{data.resolve("admin-token"), data.resolve("ca/passphrase")}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
            }
            try (var keys = Files.list(data.resolve("ca"))) {
                var keyFiles = keys.filter(p -> p.toString().endsWith(".key.pem")).toList();
                assertThat(keyFiles).hasSize(4); // X.509 root and intermediate, SSH user and host CAs
                for (Path k : keyFiles) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(k))).isEqualTo("rw-------");
                    assertThat(Files.readString(k)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
                }
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("ca")))).isEqualTo("rwx------");
            String passphrase = Files.readString(data.resolve("ca/passphrase")).strip();
            String token = TestServer.adminToken(s);
            // Neither the passphrase nor the token secret is anywhere in the database.
            try (var c = DriverManager.getConnection(DatabaseSettings.embedded(data).url(), "sigil", "");
                 var rs = c.createStatement().executeQuery("SCRIPT")) {
                StringBuilder dump = new StringBuilder();
                while (rs.next()) {
                    dump.append(rs.getString(1)).append('\n');
                }
                assertThat(dump).contains("INSERT").doesNotContain(passphrase).doesNotContain(token)
                        .doesNotContain("PRIVATE KEY");
            }
        }
    }

    @Test
    void keysNeedTheRightPassphrase() throws Exception {
        Path data = dir.resolve("data");
        TestServer.start(data, Map.of("sigil.key.passphrase", "correct horse battery staple")).close();
        assertThatThrownBy(() -> TestServer.start(data, Map.of("sigil.key.passphrase", "wrong")))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageContaining("wrong passphrase")
                .hasMessageNotContaining("correct horse");
        assertThatThrownBy(() -> TestServer.start(data, Map.of()))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageContaining("SIGIL_KEY_PASSPHRASE");
        TestServer.start(data, Map.of("sigil.key.passphrase", "correct horse battery staple")).close();
    }

    @Test
    void keyFilesOpenToEveryUserStopTheStartWithTheFix() throws Exception {
        Path data = dir.resolve("data");
        TestServer.start(data, Map.of("sigil.key.passphrase", "right")).close();
        Path ca = data.resolve("ca");
        Path key;
        try (var files = Files.list(ca)) {
            key = files.filter(f -> f.getFileName().toString().startsWith("int-") && f.toString().endsWith(".key.pem"))
                    .findFirst().orElseThrow();
        }
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> TestServer.start(data, Map.of("sigil.key.passphrase", "right")))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageContaining(key.toString())
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("chmod 600 " + key);
        // Group access is what Kubernetes' fsGroup gives a volume: allowed.
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw----"));
        Files.setPosixFilePermissions(ca, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> TestServer.start(data, Map.of("sigil.key.passphrase", "right")))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageContaining("chmod 700 " + ca);
        Files.setPosixFilePermissions(ca, PosixFilePermissions.fromString("rwxrwx---"));
        TestServer.start(data, Map.of("sigil.key.passphrase", "right")).close();
    }

    @Test
    void startupErrorIsOneClearLineWithoutStackTrace() throws Exception {
        Path data = dir.resolve("data");
        TestServer.start(data, Map.of("sigil.key.passphrase", "right")).close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = dev.sigil.service.Main.run(new String[0], Map.of("SIGIL_DATA_DIR", data.toString(), "SIGIL_KEY_PASSPHRASE", "wrong",
                "SIGIL_SERVER_HTTPS_PORT", "0", "SIGIL_SERVER_HTTP_PORT", "0", "SIGIL_SERVER_OBSERVE_PORT", "0",
                "SIGIL_SERVER_HOST", "127.0.0.1"), System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("cannot start").contains("wrong passphrase").doesNotContain("\tat ");
    }

    @Test
    void editedAuditRecordIsDetected() throws Exception {
        Path data = dir.resolve("data");
        TestServer.start(data, Map.of()).close();
        try (var c = DriverManager.getConnection(DatabaseSettings.embedded(data).url(), "sigil", "")) {
            int n = c.createStatement().executeUpdate("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2");
            assertThat(n).isEqualTo(1);
        }
        try (SigilServer s = TestServer.start(data, Map.of())) {
            ApiClient api = new ApiClient(s.started().rootPem(), s.httpsPort());
            JsonNode v = JSON.readTree(api.get("/api/v1/audit/verify", TestServer.adminToken(s)).body());
            assertThat(v.path("intact").asBoolean()).isFalse();
            assertThat(v.path("firstBrokenSeq").asLong()).isEqualTo(2);
        }
    }
}
