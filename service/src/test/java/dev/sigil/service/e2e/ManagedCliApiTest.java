package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.testing.Cli;
import dev.sigil.service.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code sigil managed} commands against a real server: an operator sets up, a workload fetches with its token. */
class ManagedCliApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static SigilServer server;
    static Map<String, String> env;
    static X509Certificate root;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"), Map.of());
        env = TestServer.cliEnv(server, dir);
        try (InputStream in = Files.newInputStream(server.started().rootPem())) {
            root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Cli.Result ok(Map<String, String> e, String... args) {
        Cli.Result r = Cli.run(e, args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    static List<? extends Certificate> certs(Path file) throws Exception {
        return List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(Files.readAllBytes(file))));
    }

    @Test
    void operatorCreatesAndAWorkloadFetchesRotatedCredentials() throws Exception {
        ok(env, "managed", "create", "web", "--cn", "web.internal", "--san", "dns:web.internal", "--san", "ip:10.0.0.7",
                "--lifetime", "30d", "--renew-before", "7d", "--owner", "team-web");
        ok(env, "managed", "create", "other", "--san", "dns:other.internal", "--lifetime", "30d");
        JsonNode listed = JSON.readTree(ok(env, "managed", "list", "--output", "json").out());
        assertThat(listed.path("items").findValuesAsText("name")).contains("web", "other");
        assertThat(ok(env, "managed", "show", "web").out()).contains("7d before expiry", "History:");

        Path tokenFile = dir.resolve("web.token");
        Files.writeString(tokenFile, ok(env, "managed", "token", "web", "--name", "web-host").out());
        Map<String, String> workload = new HashMap<>(env);
        workload.put("SIGIL_TOKEN_FILE", tokenFile.toString());

        ok(workload, "managed", "fetch", "web", "--out-dir", dir.resolve("tls").toString());
        Path key = dir.resolve("tls/web.key");
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        X509Certificate leaf = (X509Certificate) certs(dir.resolve("tls/web.crt")).get(0);
        assertThat(leaf.getSubjectX500Principal().getName()).contains("web.internal");
        List<? extends Certificate> chain = certs(dir.resolve("tls/web.chain.crt"));
        assertThat(chain.get(chain.size() - 1)).isEqualTo(root);
        leaf.verify(chain.get(0).getPublicKey());
        assertThat(pairs(readKey(key), leaf)).isTrue();

        Files.writeString(dir.resolve("p12.pass"), "p12 secret\n");
        ok(workload, "managed", "fetch", "web", "--out-dir", dir.resolve("p12").toString(), "--format", "pkcs12",
                "--password-file", dir.resolve("p12.pass").toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("p12/web.p12"))) {
            ks.load(in, "p12 secret".toCharArray());
        }
        assertThat(ks.getCertificate("web")).isEqualTo(leaf);

        Cli.Result refused = Cli.run(workload, "managed", "fetch", "other", "--out-dir", dir.resolve("x").toString());
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(4);
        assertThat(Cli.run(workload, "managed", "list").exit()).isEqualTo(4);

        ok(env, "managed", "rotate", "web");
        ok(workload, "managed", "fetch", "web", "--out-dir", dir.resolve("tls").toString());
        X509Certificate renewed = (X509Certificate) certs(dir.resolve("tls/web.crt")).get(0);
        assertThat(renewed.getSerialNumber()).isNotEqualTo(leaf.getSerialNumber());
        assertThat(pairs(readKey(key), renewed)).isTrue();

        ok(env, "managed", "delete", "web");
        Cli.Result gone = Cli.run(workload, "managed", "fetch", "web", "--out-dir", dir.resolve("tls").toString());
        assertThat(gone.exit()).as(gone.toString()).isEqualTo(3);
    }

    @Test
    void exitCodesForNotFoundAndUsageErrors() {
        assertThat(Cli.run(env, "managed", "show", "never-created").exit()).isEqualTo(3);
        assertThat(Cli.run(env, "managed", "create", "x", "--cn", "x.internal", "--renew-at", "0.5",
                "--renew-before", "1d").exit()).isEqualTo(2);
        Cli.Result badName = Cli.run(env, "managed", "create", "Bad_Name", "--cn", "x.internal");
        assertThat(badName.exit()).as(badName.toString()).isEqualTo(2);
        assertThat(badName.err()).contains("name");
    }

    static PrivateKey readKey(Path file) throws Exception {
        String pem = Files.readString(file, StandardCharsets.US_ASCII)
                .replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem)));
    }

    static boolean pairs(PrivateKey key, X509Certificate cert) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(new byte[] {7});
        byte[] sig = s.sign();
        s.initVerify(cert.getPublicKey());
        s.update(new byte[] {7});
        return s.verify(sig);
    }
}
