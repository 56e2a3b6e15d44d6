package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.ssh.SshKeygen;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SSH CA on the wire, checked with the real {@code ssh-keygen}: sign through the admin API and read the
 * certificate back with {@code ssh-keygen -L}; revoke by serial, key id and public key, fetch the KRL from the public
 * listener and ask {@code ssh-keygen -Q}; problems for bad input and roles; the KRL version across a restart.
 */
class SshApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter KEYGEN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    @TempDir
    static Path dir;
    static SigilServer server;
    static ApiClient api;
    static String admin;
    static SshKeygen keygen;
    static int keys;

    @BeforeAll
    static void start() throws Exception {
        keygen = SshKeygen.require();
        server = TestServer.start(dir.resolve("data"), Map.of("sigil.ssh.user.principals", "${token},alice,ops,deploy-*"));
        api = new ApiClient(server.started().rootPem(), server.httpsPort());
        admin = TestServer.adminToken(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A fresh key pair from ssh-keygen; returns the public key line. */
    static String newKey(String type) throws Exception {
        return keygen.generate(dir, "key" + (++keys), type, 0);
    }

    static HttpResponse<String> sign(String token, Map<String, Object> body) throws Exception {
        return api.postJson("/api/v1/ssh/certificates", token, JSON.writeValueAsString(body));
    }

    static JsonNode signed(Map<String, Object> body) throws Exception {
        HttpResponse<String> r = sign(admin, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    static Map<String, Object> userBody(String key, String... principals) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("publicKey", key);
        m.put("type", "user");
        m.put("principals", List.of(principals));
        return m;
    }

    static Path certFile(JsonNode cert) throws Exception {
        Path f = dir.resolve("c" + cert.path("serial").asText() + "-cert.pub");
        Files.writeString(f, cert.path("certificate").asText() + "\n");
        return f;
    }

    static JsonNode problem(HttpResponse<String> r, int status, String type) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.path("type").asText()).isEqualTo("urn:sigil:problem:" + type);
        assertThat(r.body()).doesNotContain("Exception");
        return p;
    }

    static HttpResponse<byte[]> plain(String path) throws Exception {
        return ApiClient.plainGet("http://127.0.0.1:" + server.httpPort() + path);
    }

    @Test
    void aSignedUserCertificateSaysExactlyWhatWasAskedAccordingToSshKeygen() throws Exception {
        String key = newKey("ed25519");
        Map<String, Object> body = userBody(key, "alice", "ops");
        body.put("keyId", "alice@laptop");
        body.put("ttl", "8h");
        body.put("criticalOptions", Map.of("forceCommand", "/usr/bin/uptime", "sourceAddress", "10.0.0.0/8,127.0.0.1"));
        body.put("extensions", List.of("permit-pty", "permit-agent-forwarding"));
        Instant before = Instant.now();
        HttpResponse<String> r = sign(admin, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode c = JSON.readTree(r.body());
        String serial = c.path("serial").asText();
        assertThat(r.headers().firstValue("Location")).contains("/api/v1/ssh/certificates/" + serial);
        assertThat(c.path("type").asText()).isEqualTo("user");
        assertThat(c.path("status").asText()).isEqualTo("valid");
        assertThat(c.path("criticalOptions").path("forceCommand").asText()).isEqualTo("/usr/bin/uptime");
        assertThat(c.path("criticalOptions").path("verifyRequired").asBoolean()).isFalse();
        Instant validAfter = Instant.parse(c.path("validAfter").asText());
        Instant validBefore = Instant.parse(c.path("validBefore").asText());
        assertThat(Duration.between(validAfter, validBefore)).isEqualTo(Duration.ofHours(8).plusMinutes(1));
        assertThat(validBefore).isBetween(before.plus(Duration.ofHours(8)).minusSeconds(2), Instant.now().plus(Duration.ofHours(8)));

        JsonNode ca = JSON.readTree(api.get("/api/v1/ssh/ca/user", admin).body());
        assertThat(c.path("caFingerprint").asText()).isEqualTo(ca.path("fingerprint").asText());
        Path file = certFile(c);
        String listed = keygen.ok(dir, "-L", "-f", file.toString()).stdout();
        assertThat(listed).isEqualTo(file + ":\n"
                + "        Type: ssh-ed25519-cert-v01@openssh.com user certificate\n"
                + "        Public key: ED25519-CERT " + c.path("fingerprint").asText() + "\n"
                + "        Signing CA: ED25519 " + ca.path("fingerprint").asText() + " (using ssh-ed25519)\n"
                + "        Key ID: \"alice@laptop\"\n"
                + "        Serial: " + serial + "\n"
                + "        Valid: from " + KEYGEN_TIME.format(validAfter) + " to " + KEYGEN_TIME.format(validBefore) + "\n"
                + "        Principals: \n"
                + "                alice\n"
                + "                ops\n"
                + "        Critical Options: \n"
                + "                force-command /usr/bin/uptime\n"
                + "                source-address 10.0.0.0/8,127.0.0.1\n"
                + "        Extensions: \n"
                + "                permit-agent-forwarding\n"
                + "                permit-pty\n");
        assertThat(keygen.fingerprint(dir, Path.of(dir.resolve("key" + keys + ".pub").toString())))
                .isEqualTo(c.path("fingerprint").asText());

        JsonNode shown = JSON.readTree(api.get("/api/v1/ssh/certificates/" + serial, admin).body());
        assertThat(shown.path("certificate").asText()).isEqualTo(c.path("certificate").asText());
        assertThat(shown.path("extensions").toString()).isEqualTo("[\"permit-agent-forwarding\",\"permit-pty\"]");
        JsonNode list = JSON.readTree(api.get("/api/v1/ssh/certificates?keyId=alice@laptop&type=user", admin).body());
        assertThat(list.path("items")).hasSize(1);
        assertThat(list.path("items").get(0).path("serial").asText()).isEqualTo(serial);
        assertThat(list.path("items").get(0).has("certificate")).isFalse();
    }

    @Test
    void hostCertificatesAndThePublicCaFiles() throws Exception {
        String key = newKey("ecdsa");
        Map<String, Object> body = new LinkedHashMap<>(Map.of("publicKey", key, "type", "host",
                "principals", List.of("web-1.internal"), "ttl", "7d"));
        JsonNode c = signed(body);
        String listed = keygen.ok(dir, "-L", "-f", certFile(c).toString()).stdout();
        assertThat(listed).contains("Type: ecdsa-sha2-nistp256-cert-v01@openssh.com host certificate\n")
                .contains("Key ID: \"admin:web-1.internal\"\n")
                .contains("Principals: \n                web-1.internal\n")
                .contains("Critical Options: (none)\n").contains("Extensions: (none)\n");

        JsonNode hostCa = JSON.readTree(api.get("/api/v1/ssh/ca/host", admin).body());
        JsonNode userCa = JSON.readTree(api.get("/api/v1/ssh/ca/user", admin).body());
        assertThat(hostCa.path("fingerprint").asText()).isNotEqualTo(userCa.path("fingerprint").asText());
        HttpResponse<byte[]> pub = plain("/ssh/user_ca.pub");
        assertThat(pub.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String userLine = new String(pub.body(), StandardCharsets.US_ASCII);
        assertThat(userLine).startsWith(userCa.path("publicKey").asText() + " ").endsWith("\n");
        Path userCaFile = dir.resolve("user_ca.pub");
        Files.writeString(userCaFile, userLine);
        assertThat(keygen.fingerprint(dir, userCaFile)).isEqualTo(userCa.path("fingerprint").asText());
        assertThat(new String(plain("/ssh/host_ca.pub").body(), StandardCharsets.US_ASCII))
                .startsWith(hostCa.path("publicKey").asText());

        String knownHosts = new String(plain("/ssh/known_hosts?pattern=*.internal").body(), StandardCharsets.US_ASCII);
        assertThat(knownHosts).isEqualTo("@cert-authority *.internal " + hostCa.path("publicKey").asText() + "\n");
        Path kh = dir.resolve("known_hosts");
        Files.writeString(kh, knownHosts);
        assertThat(keygen.run(dir, "-F", "web-1.internal", "-f", kh.toString()).stdout()).contains("@cert-authority");
        assertThat(new String(plain("/ssh/known_hosts").body(), StandardCharsets.US_ASCII)).startsWith("@cert-authority * ");
        assertThat(plain("/ssh/known_hosts?pattern=a%20b").statusCode()).isEqualTo(400);
    }

    @Test
    void revocationsBySerialKeyIdAndPublicKeyAreInTheKrlSshKeygenReads() throws Exception {
        JsonNode keep = signed(userBody(newKey("ed25519"), "deploy-keep"));
        JsonNode bySerial = signed(userBody(newKey("ed25519"), "deploy-serial"));
        Map<String, Object> idBody = userBody(newKey("ecdsa"), "deploy-id");
        idBody.put("keyId", "leaver");
        JsonNode byKeyId = signed(idBody);
        String stolen = newKey("ed25519");
        JsonNode byKey = signed(userBody(stolen, "deploy-key"));

        long before = krlVersion();
        HttpResponse<String> r1 = api.postJson("/api/v1/ssh/revocations", admin,
                "{\"serial\":\"" + bySerial.path("serial").asText() + "\",\"reason\":\"superseded\"}");
        assertThat(r1.statusCode()).as(r1.body()).isEqualTo(201);
        JsonNode rev1 = JSON.readTree(r1.body());
        assertThat(rev1.path("revoked").asInt()).isEqualTo(1);
        assertThat(rev1.path("kind").asText()).isEqualTo("serial");
        assertThat(rev1.path("krlVersion").asLong()).isGreaterThan(before);
        JsonNode rev2 = JSON.readTree(api.postJson("/api/v1/ssh/revocations", admin,
                "{\"keyId\":\"leaver\",\"type\":\"user\",\"reason\":\"left\"}").body());
        assertThat(rev2.path("kind").asText()).isEqualTo("keyId");
        assertThat(rev2.path("revoked").asInt()).isEqualTo(1);
        JsonNode rev3 = JSON.readTree(api.postJson("/api/v1/ssh/revocations", admin,
                JSON.writeValueAsString(Map.of("publicKey", stolen, "reason", "laptop stolen"))).body());
        assertThat(rev3.path("kind").asText()).isEqualTo("publicKey");
        assertThat(rev3.path("krlVersion").asLong()).isGreaterThan(rev2.path("krlVersion").asLong());

        HttpResponse<byte[]> krl = plain("/ssh/revoked_keys.krl");
        assertThat(krl.statusCode()).isEqualTo(200);
        assertThat(krl.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(krl.headers().firstValue("ETag")).contains("\"" + krlVersion() + "\"");
        assertThat(krl.headers().firstValue("Cache-Control").orElse("")).contains("max-age=60");
        Path krlFile = dir.resolve("revoked_keys.krl");
        Files.write(krlFile, krl.body());
        assertThat(query(krlFile, certFile(keep))).isEqualTo("ok");
        assertThat(query(krlFile, certFile(bySerial))).isEqualTo("REVOKED");
        assertThat(query(krlFile, certFile(byKeyId))).isEqualTo("REVOKED");
        assertThat(query(krlFile, certFile(byKey))).isEqualTo("REVOKED");
        assertThat(keygen.ok(dir, "-Q", "-l", "-f", krlFile.toString()).stdout())
                .contains("# KRL version " + krlVersion() + "\n").contains("\nid: leaver\n")
                .contains("serial: " + bySerial.path("serial").asText() + "\n");

        HttpResponse<String> again = api.postJson("/api/v1/ssh/revocations", admin,
                "{\"serial\":\"" + bySerial.path("serial").asText() + "\"}");
        problem(again, 409, "conflict");
        problem(api.postJson("/api/v1/ssh/revocations", admin, "{\"serial\":\"424242\"}"), 404, "not-found");
        JsonNode status = JSON.readTree(api.get("/api/v1/ssh/certificates/" + byKey.path("serial").asText(), admin).body());
        assertThat(status.path("status").asText()).isEqualTo("revoked");
        assertThat(status.path("revocationReason").asText()).isEqualTo("laptop stolen");
        problem(sign(admin, userBody(stolen, "deploy-again")), 400, "policy");

        HttpRequest conditional = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                + "/ssh/revoked_keys.krl")).header("If-None-Match", "\"" + krlVersion() + "\"").build();
        assertThat(HttpClient.newHttpClient().send(conditional, HttpResponse.BodyHandlers.ofByteArray()).statusCode())
                .isEqualTo(304);
    }

    private String query(Path krl, Path cert) throws Exception {
        SshKeygen.Result r = keygen.run(dir, "-Q", "-f", krl.toString(), cert.toString());
        if (r.exitCode() == 1 && r.stdout().strip().endsWith(": REVOKED")) {
            return "REVOKED";
        }
        return r.exitCode() == 0 && r.stdout().strip().endsWith(": ok") ? "ok" : "?" + r.both();
    }

    private static long krlVersion() throws Exception {
        String etag = plain("/ssh/revoked_keys.krl").headers().firstValue("ETag").orElseThrow();
        return Long.parseLong(etag.replace("\"", ""));
    }

    @Test
    void badInputIsAProblemNeverA500() throws Exception {
        problem(sign(admin, userBody("ssh-ed25519 not*base64", "alice")), 400, "malformed");
        String dsa = keygen.run(dir, "-q", "-t", "dsa", "-N", "", "-f", dir.resolve("dsa").toString()).exitCode() == 0
                ? Files.readString(dir.resolve("dsa.pub")).strip() : null;
        if (dsa != null) {
            assertThat(problem(sign(admin, userBody(dsa, "alice")), 400, "policy").path("detail").asText()).contains("DSA");
        }
        Map<String, Object> badType = userBody(newKey("ed25519"), "alice");
        badType.put("type", "robot");
        problem(sign(admin, badType), 400, "malformed");
        Map<String, Object> tooLong = userBody(newKey("ed25519"), "alice");
        tooLong.put("ttl", "17h");
        assertThat(problem(sign(admin, tooLong), 400, "policy").path("detail").asText()).contains("sigil.ssh.user.max-ttl");
        assertThat(problem(sign(admin, userBody(newKey("ed25519"), "root")), 400, "policy").path("detail").asText())
                .isEqualTo("principal 'root' is denied by sigil.ssh.user.denied-principals");
        assertThat(problem(sign(admin, userBody(newKey("ed25519"), "bob")), 400, "policy").path("detail").asText())
                .isEqualTo("principal 'bob' is not allowed by sigil.ssh.user.principals (${token},alice,ops,deploy-*)");
        Map<String, Object> badExt = userBody(newKey("ed25519"), "alice");
        badExt.put("extensions", List.of("permit-everything"));
        problem(sign(admin, badExt), 400, "malformed");
        problem(api.postJson("/api/v1/ssh/certificates", admin, "{\"publicKey\":\"x\",\"bogus\":1}"), 400, "malformed");
        problem(api.postJson("/api/v1/ssh/revocations", admin, "{\"serial\":\"1\",\"keyId\":\"x\"}"), 400, "malformed");
        problem(api.postJson("/api/v1/ssh/revocations", admin, "{\"keyId\":\"x\"}"), 400, "malformed");
        problem(api.postJson("/api/v1/ssh/revocations", admin, "{\"serial\":\"-5\"}"), 400, "malformed");
        problem(api.get("/api/v1/ssh/certificates/abc", admin), 400, "malformed");
        problem(api.get("/api/v1/ssh/certificates?status=lost", admin), 400, "malformed");
        problem(api.get("/api/v1/ssh/ca/robot", admin), 404, "not-found");
    }

    @Test
    void anAuditorReadsButCannotSignOrRevoke() throws Exception {
        HttpResponse<String> t = api.postJson("/api/v1/tokens", admin, "{\"name\":\"watcher\",\"role\":\"auditor\"}");
        String auditor = JSON.readTree(t.body()).path("token").asText();
        assertThat(problem(sign(auditor, userBody(newKey("ed25519"), "watcher")), 403, "forbidden")
                .path("detail").asText()).contains("operator");
        problem(api.postJson("/api/v1/ssh/revocations", auditor, "{\"serial\":\"1\"}"), 403, "forbidden");
        assertThat(api.get("/api/v1/ssh/certificates", auditor).statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/ssh/ca/user", auditor).statusCode()).isEqualTo(200);
        problem(api.get("/api/v1/ssh/ca/user", null), 401, "unauthorized");
    }

    @Test
    void theKrlVersionIncreasesWithRevocationsAndSurvivesARestart(@TempDir Path own) throws Exception {
        Path data = own.resolve("data");
        SigilServer first = TestServer.start(data, Map.of("sigil.ssh.user.principals", "*"));
        String token;
        long afterRevoke;
        String userCa;
        try {
            ApiClient c = new ApiClient(first.started().rootPem(), first.httpsPort());
            token = TestServer.adminToken(first);
            userCa = JSON.readTree(c.get("/api/v1/ssh/ca/user", token).body()).path("fingerprint").asText();
            JsonNode cert = JSON.readTree(c.postJson("/api/v1/ssh/certificates", token,
                    JSON.writeValueAsString(userBody(newKey("ed25519"), "someone"))).body());
            long v0 = etag(first);
            JsonNode rev = JSON.readTree(c.postJson("/api/v1/ssh/revocations", token,
                    "{\"serial\":\"" + cert.path("serial").asText() + "\"}").body());
            afterRevoke = etag(first);
            assertThat(rev.path("krlVersion").asLong()).isEqualTo(afterRevoke).isEqualTo(v0 + 1);
        } finally {
            first.close();
        }
        SigilServer second = TestServer.start(data, Map.of("sigil.ssh.user.principals", "*"));
        try {
            ApiClient c = new ApiClient(second.started().rootPem(), second.httpsPort());
            assertThat(etag(second)).isEqualTo(afterRevoke);
            assertThat(JSON.readTree(c.get("/api/v1/ssh/ca/user", token).body()).path("fingerprint").asText())
                    .as("the same CA after a restart").isEqualTo(userCa);
            JsonNode rev = JSON.readTree(c.postJson("/api/v1/ssh/revocations", token,
                    JSON.writeValueAsString(Map.of("keyId", "gone", "type", "host"))).body());
            assertThat(rev.path("krlVersion").asLong()).isEqualTo(afterRevoke + 1);
            assertThat(etag(second)).isEqualTo(afterRevoke + 1);
        } finally {
            second.close();
        }
    }

    private static long etag(SigilServer s) throws Exception {
        HttpResponse<byte[]> r = ApiClient.plainGet("http://127.0.0.1:" + s.httpPort() + "/ssh/revoked_keys.krl");
        assertThat(r.statusCode()).isEqualTo(200);
        return Long.parseLong(r.headers().firstValue("ETag").orElseThrow().replace("\"", ""));
    }
}
