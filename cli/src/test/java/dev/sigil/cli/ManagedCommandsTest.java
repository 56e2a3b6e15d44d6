package dev.sigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;

import static dev.sigil.cli.TestServer.json;
import static dev.sigil.cli.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code sigil managed ...} against the in-test HTTPS server: requests sent, files written, exit codes. */
class ManagedCommandsTest extends ServerTestBase {

    private static final String MANAGED = "{\"name\":\"web\",\"state\":\"active\",\"commonName\":\"web.internal\","
            + "\"sans\":[\"dns:web.internal\"],\"profile\":\"server\",\"keyType\":\"EC_P256\",\"lifetime\":\"30d\","
            + "\"renewAt\":0.6667,\"revokeSuperseded\":false,\"currentVersion\":2,\"currentSerial\":\"5f0c2d\","
            + "\"currentIssuer\":\"int-3f9a1c2b\",\"notAfter\":\"2026-12-23T20:00:00Z\","
            + "\"nextRenewalAt\":\"2026-12-13T20:00:00Z\",\"consecutiveFailures\":0,"
            + "\"createdAt\":\"2026-11-01T10:00:00Z\",\"createdBy\":\"admin\"";
    private static final String SHOWN = MANAGED + ",\"history\":["
            + "{\"version\":1,\"serial\":\"1a2b3c\",\"issuer\":\"int-3f9a1c2b\",\"notAfter\":\"2026-12-01T10:00:00Z\","
            + "\"createdAt\":\"2026-11-01T10:00:00Z\",\"supersededAt\":\"2026-11-21T10:00:00Z\",\"revoked\":false},"
            + "{\"version\":2,\"serial\":\"5f0c2d\",\"issuer\":\"int-3f9a1c2b\",\"notAfter\":\"2026-12-23T20:00:00Z\","
            + "\"createdAt\":\"2026-11-21T10:00:00Z\",\"revoked\":false}]}";

    /** A credential answer holding a real key and certificate (the test PKI's server pair) and its root. */
    private static String credential() throws Exception {
        ObjectNode c = JSON.createObjectNode().put("name", "web").put("version", 2).put("serial", "5f0c2d")
                .put("notAfter", "2026-12-23T20:00:00Z")
                .put("certificate", TestPki.pem(pki.server))
                .put("chain", TestPki.pem(pki.root))
                .put("privateKey", "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                        .encodeToString(pki.serverKey.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        return JSON.writeValueAsString(c);
    }

    @Test
    void createPostsTheSpecAndPrintsTheManagedCertificate() throws Exception {
        server.on("POST", "/api/v1/managed", json(201, MANAGED + "}"));

        CliRun r = sigil("managed", "create", "web", "--cn", "web.internal", "--san", "dns:web.internal",
                "--san", "ip:10.0.0.7", "--profile", "server", "--key-type", "EC_P256", "--lifetime", "30d",
                "--renew-at", "0.6667", "--owner", "team-web", "--revoke-superseded", "--revoke-grace", "1h");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("created managed certificate web", "5f0c2d", "at 0.6667 of the lifetime");
        JsonNode body = parse(server.single().body());
        assertThat(body.get("name").asText()).isEqualTo("web");
        assertThat(body.get("commonName").asText()).isEqualTo("web.internal");
        assertThat(body.get("sans")).hasSize(2);
        assertThat(body.get("sans").get(1).asText()).isEqualTo("ip:10.0.0.7");
        assertThat(body.get("keyType").asText()).isEqualTo("EC_P256");
        assertThat(body.get("lifetime").asText()).isEqualTo("30d");
        assertThat(body.get("renewAt").asDouble()).isEqualTo(0.6667);
        assertThat(body.has("renewBefore")).isFalse();
        assertThat(body.get("owner").asText()).isEqualTo("team-web");
        assertThat(body.get("revokeSuperseded").asBoolean()).isTrue();
        assertThat(body.get("revokeGrace").asText()).isEqualTo("1h");
    }

    @Test
    void conflictingOrOutOfRangeRenewalIsAUsageErrorAndSendsNothing() {
        CliRun both = sigil("managed", "create", "web", "--cn", "web.internal", "--renew-at", "0.5",
                "--renew-before", "7d");
        CliRun fraction = sigil("managed", "create", "web", "--cn", "web.internal", "--renew-at", "1.5");
        CliRun grace = sigil("managed", "create", "web", "--cn", "web.internal", "--revoke-grace", "1h");

        assertThat(both.exitCode()).as(both.toString()).isEqualTo(2);
        assertThat(both.err()).contains("exclude each other");
        assertThat(fraction.exitCode()).isEqualTo(2);
        assertThat(grace.exitCode()).isEqualTo(2);
        assertThat(server.requests).isEmpty();
    }

    @Test
    void listAsJsonPrintsTheItemsAndAsTableOneRowEach() throws Exception {
        server.on("GET", "/api/v1/managed", json(200, "{\"items\":[" + MANAGED + "}]}"));

        CliRun asJson = sigil("managed", "list", "--output", "json");
        CliRun asTable = sigil("managed", "list");

        assertThat(asJson.exitCode()).as(asJson.toString()).isZero();
        assertThat(parse(asJson.out()).get("items").get(0).get("currentSerial").asText()).isEqualTo("5f0c2d");
        assertThat(asTable.out()).contains("NAME", "web", "active", "5f0c2d", "2026-12-23 (in 30 days)");
    }

    @Test
    void showPrintsDetailsAndTheHistory() {
        server.on("GET", "/api/v1/managed/web", json(200, SHOWN));

        CliRun r = sigil("managed", "show", "web");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("common name:", "web.internal", "History:", "1a2b3c", "2026-11-21T10:00:00Z");
    }

    @Test
    void showOfAnUnknownNameExitsWithNotFound() {
        server.on("GET", "/api/v1/managed/nope", problem(404, "not-found", "Not found", "no managed certificate nope"));

        CliRun r = sigil("managed", "show", "nope");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("no managed certificate nope");
    }

    @Test
    void fetchPemWritesCertificateChainAndAnOwnerOnlyKey() throws Exception {
        server.on("GET", "/api/v1/managed/web/credential", json(200, credential()));
        Path out = dir.resolve("tls");
        Files.createDirectories(out);
        Path key = out.resolve("web.key");
        Files.writeString(key, "old");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, String> env = env();
        env.put("SIGIL_TOKEN", "sgl_workload-token-for-web");

        CliRun r = CliRun.run(env, "managed", "fetch", "web", "--out-dir", "tls");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(server.single().header("Authorization")).isEqualTo("Bearer sgl_workload-token-for-web");
        assertThat(r.out()).contains("version 2", "wrote " + key).doesNotContain("PRIVATE KEY");
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        X509Certificate leaf = (X509Certificate) parseCerts(out.resolve("web.crt")).iterator().next();
        assertThat(leaf).isEqualTo(pki.server);
        assertThat(parseCerts(out.resolve("web.chain.crt"))).containsExactly((Certificate) pki.root);
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        try (var listing = Files.list(out)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "web.crt", "web.chain.crt", "web.key");
        }
    }

    @Test
    void fetchPkcs12BuildsAPasswordProtectedStoreLocally() throws Exception {
        server.on("GET", "/api/v1/managed/web/credential", json(200, credential()));
        Files.writeString(dir.resolve("p12.pass"), "correct horse\n");

        CliRun r = sigil("managed", "fetch", "web", "--out-dir", ".", "--format", "pkcs12",
                "--password-file", "p12.pass");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path p12 = dir.resolve("web.p12");
        assertThat(Files.getPosixFilePermissions(p12)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        TestServer.Request req = server.single();
        assertThat(req.headers().toString() + req.query()).doesNotContain("correct horse");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            ks.load(in, "correct horse".toCharArray());
        }
        PrivateKey k = (PrivateKey) ks.getKey("web", "correct horse".toCharArray());
        Certificate[] chain = ks.getCertificateChain("web");
        assertThat(chain).containsExactly(pki.server, pki.root);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(k);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(pki.server.getPublicKey());
        s.update(new byte[] {1, 2, 3});
        assertThat(s.verify(sig)).as("the stored key belongs to the certificate").isTrue();
    }

    @Test
    void fetchArgumentMistakesAreUsageErrors() {
        assertThat(sigil("managed", "fetch", "web", "--out-dir", ".", "--format", "pkcs12").exitCode()).isEqualTo(2);
        assertThat(sigil("managed", "fetch", "web", "--out-dir", ".", "--format", "der").exitCode()).isEqualTo(2);
        assertThat(sigil("managed", "fetch", "../web", "--out-dir", ".").exitCode()).isEqualTo(2);
        assertThat(sigil("managed", "fetch", "web").exitCode()).isEqualTo(2);
        assertThat(server.requests).isEmpty();
    }

    @Test
    void rotateAndDeleteCallTheirRoutes() throws Exception {
        server.on("POST", "/api/v1/managed/web/rotate", json(200, MANAGED.replace("\"currentVersion\":2",
                "\"currentVersion\":3") + "}"));
        server.on("DELETE", "/api/v1/managed/web", new TestServer.Response(204, "application/json", "", Map.of()));

        CliRun rotated = sigil("managed", "rotate", "web");
        CliRun deleted = sigil("managed", "delete", "web");

        assertThat(rotated.exitCode()).as(rotated.toString()).isZero();
        assertThat(rotated.out()).contains("version 3");
        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(deleted.out()).contains("deleted managed certificate web");
        assertThat(server.requests).extracting(TestServer.Request::method).containsExactly("POST", "DELETE");
    }

    @Test
    void tokenPrintsOnlyTheSecretOnStdout() throws Exception {
        server.on("POST", "/api/v1/managed/web/tokens", json(201, "{\"id\":\"tok_1\",\"name\":\"web-01\","
                + "\"role\":\"workload\",\"scope\":\"web\",\"secret\":\"sgl_secret\"}"));

        CliRun r = sigil("managed", "token", "web", "--name", "web-01");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("sgl_secret\n");
        assertThat(r.err()).contains("tok_1", "shown only this once").doesNotContain("sgl_secret");
        assertThat(parse(server.single().body()).get("name").asText()).isEqualTo("web-01");
    }

    private static java.util.List<Certificate> parseCerts(Path file) throws Exception {
        return java.util.List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(Files.readString(file).getBytes(StandardCharsets.US_ASCII))));
    }
}
