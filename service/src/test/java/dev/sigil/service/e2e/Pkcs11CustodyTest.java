package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.Main;
import dev.sigil.service.SigilServer;
import dev.sigil.service.ca.keys.KeyCustodyException;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.keys.Pkcs11KeyCustody;
import dev.sigil.service.ca.keys.Pkcs11Settings;
import dev.sigil.service.ssh.SshKeygen;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.Crls;
import dev.sigil.service.testing.Openssl;
import dev.sigil.service.testing.SoftHsm;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.service.testing.TestServer;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.issuer.IssuerRecord;
import dev.sigil.storage.ssh.SshCaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sigil with its CA keys in a SoftHSM2 token (sigil.key.custody=pkcs11): issuance, CRLs, the OCSP responder's
 * certificate and SSH certificates are signed by keys generated in the token that never leave it, checked with openssl
 * and ssh-keygen; a restart finds the same keys; a wrong PIN or an unsupported key type stops the start with one line.
 */
class Pkcs11CustodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    private Map<String, String> pkcs11(SoftHsm.Token token) throws Exception {
        Path pinFile = dir.resolve("pin");
        Files.writeString(pinFile, SoftHsm.PIN + "\n");
        Files.setPosixFilePermissions(pinFile, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> o = new HashMap<>();
        o.put("sigil.key.custody", "pkcs11");
        o.put("sigil.key.pkcs11.library", SoftHsm.LIBRARY.toString());
        o.put("sigil.key.pkcs11.slot", Long.toString(token.slot()));
        o.put("sigil.key.pkcs11.pin-file", pinFile.toString());
        o.put("sigil.crl.delta.enabled", "false"); // a revocation then republishes the full CRL
        o.put("sigil.ssh.user.principals", "${token},alice");
        return o;
    }

    @Test
    void issuesCrlsAndSshCertificatesWithKeysThatNeverLeaveTheToken() throws Exception {
        SoftHsm.Token token = SoftHsm.token();
        SshKeygen keygen = SshKeygen.require();
        Path data = dir.resolve("data");
        String rootFingerprint;
        String sshUserCa;
        String admin;
        LogCapture logs = LogCapture.start();
        try (SigilServer server = TestServer.start(data, pkcs11(token))) {
            assertThat(server.started().caCreated()).isTrue();
            rootFingerprint = server.started().rootFingerprint();
            admin = TestServer.adminToken(server);
            ApiClient api = new ApiClient(server.started().rootPem(), server.httpsPort());

            // X.509: issue through the admin API and verify the chain with openssl.
            JsonNode issued = issue(api, admin, "hsm.internal");
            Files.writeString(dir.resolve("leaf.pem"), issued.path("certificatePem").asText());
            Files.writeString(dir.resolve("chain.pem"), issued.path("chainPem").asText());
            String root = server.started().rootPem().toString();
            assertThat(Openssl.ok(dir, "verify", "-CAfile", root, "-untrusted", "chain.pem", "leaf.pem"))
                    .contains("leaf.pem: OK");

            // CRL: revoke, then the CRL the token's key signed lists it, verifies, and openssl rejects the leaf.
            String serial = issued.path("serial").asText();
            String issuer = issued.path("issuer").asText();
            var revoked = api.postJson("/api/v1/certificates/" + serial + "/revoke", admin, "{\"reason\":\"keyCompromise\"}");
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            var crl = Crls.awaitListing("http://127.0.0.1:" + server.httpPort() + "/crl/" + issuer + ".crl", serial,
                    Duration.ofSeconds(20));
            assertThat(Crls.lists(crl.body(), serial)).isTrue();
            X509CRL x509Crl = (X509CRL) CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(crl.body()));
            X509Certificate intermediate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(issued.path("chainPem").asText().getBytes(StandardCharsets.US_ASCII)));
            x509Crl.verify(intermediate.getPublicKey()); // throws if the signature is not the intermediate's
            Files.write(dir.resolve("crl.der"), crl.body());
            Openssl.ok(dir, "crl", "-inform", "DER", "-in", "crl.der", "-out", "crl.pem");
            assertThat(Openssl.run(dir, "verify", "-crl_check", "-CAfile", root, "-untrusted", "chain.pem",
                    "-CRLfile", "crl.pem", "leaf.pem").output()).contains("certificate revoked");

            // OCSP: the delegated responder's certificate, signed by the token's intermediate, checks out to the root.
            assertThat(Openssl.ok(dir, "ocsp", "-issuer", "chain.pem", "-cert", "leaf.pem", "-url",
                    "http://127.0.0.1:" + server.httpPort() + "/ocsp", "-CAfile", root, "-timeout", "30"))
                    .contains("Response verify OK").contains("leaf.pem: revoked");

            // SSH: the CA is P-256 (no Ed25519 in SunPKCS11); ssh-keygen -L checks the CA's signature.
            JsonNode userCa = JSON.readTree(api.get("/api/v1/ssh/ca/user", admin).body());
            sshUserCa = userCa.path("fingerprint").asText();
            String key = keygen.generate(dir, "alice", "ed25519", 0);
            var signed = api.postJson("/api/v1/ssh/certificates", admin, JSON.writeValueAsString(
                    Map.of("publicKey", key, "type", "user", "principals", List.of("alice"))));
            assertThat(signed.statusCode()).as(signed.body()).isEqualTo(201);
            Path cert = dir.resolve("alice-cert.pub");
            Files.writeString(cert, JSON.readTree(signed.body()).path("certificate").asText() + "\n");
            assertThat(keygen.ok(dir, "-L", "-f", cert.toString()).stdout())
                    .contains("Signing CA: ECDSA " + sshUserCa + " (using ecdsa-sha2-nistp256)");

            // The keys never left: no key files, the database holds only references, the token objects are
            // sensitive and never extractable, and the handles Sigil holds have no encoding.
            try (var files = Files.list(data.resolve("ca"))) {
                assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".key.pem")).toList()).isEmpty();
            }
            List<String> refs = new ArrayList<>();
            server.database().issuers().list().stream().map(IssuerRecord::keyRef).forEach(refs::add);
            for (SshCaType t : SshCaType.values()) {
                refs.add(server.database().ssh().ca(t).orElseThrow().keyRef());
            }
            assertThat(refs).hasSize(4).allMatch(r -> r.startsWith("pkcs11:sigil-"));
            String objects = SoftHsm.listObjects(token);
            assertThat(objects.split("Private Key Object", -1).length - 1).isEqualTo(4);
            assertThat(objects.split("Access:     sensitive, always sensitive, never extractable, local", -1).length - 1)
                    .isEqualTo(4);
            Pkcs11KeyCustody reopened = Pkcs11KeyCustody.open(new Pkcs11Settings(SoftHsm.LIBRARY,
                    OptionalLong.of(token.slot()), OptionalInt.empty(), SoftHsm.PIN.toCharArray(), "test"));
            for (String ref : refs) {
                assertThat(reopened.load(ref, KeyType.EC_P256).privateKey().getEncoded()).isNull();
            }
        }

        // A restart on the same token signs with the same CA keys; this time the PIN comes from the config itself.
        Map<String, String> explicitPin = pkcs11(token);
        explicitPin.remove("sigil.key.pkcs11.pin-file");
        explicitPin.put("sigil.key.pkcs11.pin", SoftHsm.PIN);
        try (SigilServer again = TestServer.start(data, explicitPin)) {
            assertThat(again.started().caCreated()).isFalse();
            assertThat(again.started().rootFingerprint()).isEqualTo(rootFingerprint);
            ApiClient api = new ApiClient(again.started().rootPem(), again.httpsPort());
            JsonNode issued = issue(api, admin, "after-restart.internal");
            Files.writeString(dir.resolve("leaf2.pem"), issued.path("certificatePem").asText());
            Files.writeString(dir.resolve("chain2.pem"), issued.path("chainPem").asText());
            assertThat(Openssl.ok(dir, "verify", "-CAfile", again.started().rootPem().toString(), "-untrusted",
                    "chain2.pem", "leaf2.pem")).contains("leaf2.pem: OK");
            assertThat(JSON.readTree(api.get("/api/v1/ssh/ca/user", admin).body()).path("fingerprint").asText())
                    .isEqualTo(sshUserCa);
            assertThat(SoftHsm.listObjects(token).split("Private Key Object", -1).length - 1).isEqualTo(4);
        } finally {
            logs.stop();
        }
        // The PIN is in no log record and nowhere in the database.
        assertThat(logs.text()).contains("created root CA").contains("pkcs11:sigil-root-").doesNotContain(SoftHsm.PIN);
        try (var c = DriverManager.getConnection(DatabaseSettings.embedded(data).url(), "sigil", "");
             var rs = c.createStatement().executeQuery("SCRIPT")) {
            StringBuilder dump = new StringBuilder();
            while (rs.next()) {
                dump.append(rs.getString(1)).append('\n');
            }
            assertThat(dump).contains("pkcs11:sigil-ssh-user-ca-").doesNotContain(SoftHsm.PIN).doesNotContain("PRIVATE KEY");
        }
    }

    /** Every record of Sigil's loggers (at ALL) while a test runs, as text. */
    private static final class LogCapture extends Handler {
        private final StringBuilder text = new StringBuilder();
        private final SimpleFormatter formatter = new SimpleFormatter();
        private final Logger sigil = Logger.getLogger("dev.sigil");
        private Level before;

        static LogCapture start() {
            LogCapture c = new LogCapture();
            c.before = c.sigil.getLevel();
            c.setLevel(Level.ALL);
            c.sigil.setLevel(Level.ALL);
            c.sigil.addHandler(c);
            return c;
        }

        void stop() {
            sigil.removeHandler(this);
            sigil.setLevel(before);
        }

        synchronized String text() {
            return text.toString();
        }

        @Override
        public synchronized void publish(LogRecord r) {
            text.append(formatter.format(r));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aWrongPinStopsTheStartWithOneLineThatDoesNotContainIt() throws Exception {
        SoftHsm.Token token = SoftHsm.token(); // never logged in by this JVM, so the PIN is really checked
        Path data = dir.resolve("data");
        Map<String, String> env = new HashMap<>(Map.of("SIGIL_DATA_DIR", data.toString(),
                "SIGIL_KEY_CUSTODY", "pkcs11", "SIGIL_KEY_PKCS11_LIBRARY", SoftHsm.LIBRARY.toString(),
                "SIGIL_KEY_PKCS11_SLOT", Long.toString(token.slot()), "SIGIL_KEY_PKCS11_PIN", "97531",
                "SIGIL_SERVER_HTTPS_PORT", "0", "SIGIL_SERVER_HTTP_PORT", "0", "SIGIL_SERVER_OBSERVE_PORT", "0",
                "SIGIL_SERVER_HOST", "127.0.0.1"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[0], env, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("sigil-server: cannot start: the PKCS#11 token"
                + " (PKCS#11 module " + SoftHsm.LIBRARY + ", slot " + token.slot() + ") refused the PIN from"
                + " SIGIL_KEY_PKCS11_PIN / sigil.key.pkcs11.pin: wrong PIN\n");

        env.put("SIGIL_KEY_PKCS11_LIBRARY", "/usr/lib/nowhere/libpkcs11.so");
        err.reset();
        assertThat(Main.run(new String[0], env, System.out, new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("sigil-server: cannot start: PKCS#11 module"
                + " /usr/lib/nowhere/libpkcs11.so does not exist (sigil.key.pkcs11.library)\n");

        // Nothing was half made: the right PIN then creates the CA.
        try (SigilServer server = TestServer.start(data, pkcs11(token))) {
            assertThat(server.started().caCreated()).isTrue();
        }
    }

    @Test
    void ed25519CannotBeKeptInTheTokenAndNothingIsCreated() throws Exception {
        SoftHsm.Token token = SoftHsm.token();
        Path data = dir.resolve("data");
        Map<String, String> o = pkcs11(token);
        o.put("sigil.ssh.key-type", "ED25519");
        assertThatThrownBy(() -> TestServer.start(data, o))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageStartingWith("sigil.ssh.key-type is ED25519, which a PKCS#11 token (the JDK's SunPKCS11 has"
                        + " no EdDSA) cannot hold");
        o.remove("sigil.ssh.key-type");
        o.put("sigil.ca.key-type", "ED25519");
        assertThatThrownBy(() -> TestServer.start(data, o))
                .isInstanceOf(KeyCustodyException.class).hasMessageStartingWith("sigil.ca.key-type is ED25519");
        assertThat(SoftHsm.listObjects(token)).doesNotContain("Private Key Object");
        o.put("sigil.ca.key-type", "EC_P384");
        try (SigilServer server = TestServer.start(data, o)) {
            assertThat(server.started().caCreated()).isTrue();
            assertThat(server.database().issuers().list()).allMatch(i -> i.keyType().equals("EC_P384"));
        }
    }

    private static JsonNode issue(ApiClient api, String admin, String name) throws Exception {
        var r = api.postJson("/api/v1/certificates", admin, JSON.writeValueAsString(Map.of(
                "csr", TestCsrs.csr(KeyType.EC_P256, "CN=" + name, name), "profile", "server", "owner", "ops")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }
}
