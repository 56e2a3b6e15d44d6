package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.service.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API on the wire: authentication, roles, problem documents, tokens and the audit log. */
class AdminApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static SigilServer server;
    static ApiClient api;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"), Map.of());
        api = new ApiClient(server.started().rootPem(), server.httpsPort());
        admin = TestServer.adminToken(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode problem(HttpResponse<String> r, int status, String type) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.path("type").asText()).isEqualTo("urn:sigil:problem:" + type);
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return p;
    }

    static String issueBody(String csr) throws Exception {
        return JSON.writeValueAsString(Map.of("csr", csr, "profile", "server"));
    }

    @Test
    void noTokenIs401AndUnknownTokenIs401() throws Exception {
        problem(api.get("/api/v1/certificates", null), 401, "unauthorized");
        problem(api.get("/api/v1/certificates", "sgl_notAToken"), 401, "unauthorized");
    }

    @Test
    void auditorMayReadButNotIssueOrManageTokens() throws Exception {
        String auditor = createToken("reader", "auditor");
        assertThat(api.get("/api/v1/certificates", auditor).statusCode()).isEqualTo(200);
        String csr = TestCsrs.csr(KeyType.EC_P256, "CN=a.internal", "a.internal");
        JsonNode p = problem(api.postJson("/api/v1/certificates", auditor, issueBody(csr)), 403, "forbidden");
        assertThat(p.path("detail").asText()).contains("operator");
        problem(api.get("/api/v1/tokens", auditor), 403, "forbidden");
    }

    @Test
    void operatorIssuesAndTheCertificateIsInTheInventoryWithLocation() throws Exception {
        String operator = createToken("deployer", "operator");
        String csr = TestCsrs.csr(KeyType.ED25519, "CN=svc.internal", "svc.internal");
        HttpResponse<String> r = api.postJson("/api/v1/certificates", operator, issueBody(csr));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode c = JSON.readTree(r.body());
        String serial = c.path("serial").asText();
        assertThat(r.headers().firstValue("Location")).contains("/api/v1/certificates/" + serial);
        assertThat(c.path("requestedBy").asText()).isEqualTo("deployer");
        assertThat(c.path("keyType").asText()).isEqualTo("ED25519");
        assertThat(c.path("certificatePem").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        JsonNode listed = JSON.readTree(api.get("/api/v1/certificates?san=svc.internal", operator).body());
        assertThat(listed.path("items")).hasSize(1);
        assertThat(listed.path("items").get(0).path("serial").asText()).isEqualTo(serial);
        problem(api.postJson("/api/v1/certificates", operator, "{\"csr\": \"x\"}"), 400, "bad-csr");
    }

    static Stream<Arguments> refusals() throws Exception {
        String good = TestCsrs.csr(KeyType.EC_P256, "CN=ok.internal", "ok.internal");
        return Stream.of(
                Arguments.of("name outside the profile", TestCsrs.csr(KeyType.EC_P256, "CN=ok.internal", "www.example.com"),
                        null, "policy", "www.example.com"),
                Arguments.of("RSA-1024 key", TestCsrs.csr(TestCsrs.rsa(1024), "CN=ok.internal"), null, "policy", "RSA 1024 bits"),
                Arguments.of("lifetime over the maximum", good, "400d", "policy", "397d"),
                Arguments.of("bad CSR signature", TestCsrs.withBadSignature(good), null, "bad-csr", "signature"),
                Arguments.of("malformed CSR", "-----BEGIN CERTIFICATE REQUEST-----\nMIIBAAAA\n-----END CERTIFICATE REQUEST-----",
                        null, "bad-csr", "PKCS#10"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void policyRefusalsAreProblemsNamingTheCause(String what, String csr, String ttl, String type, String cause) throws Exception {
        Map<String, String> body = new java.util.HashMap<>(Map.of("csr", csr, "profile", "server"));
        if (ttl != null) {
            body.put("ttl", ttl);
        }
        HttpResponse<String> r = api.postJson("/api/v1/certificates", admin, JSON.writeValueAsString(body));
        JsonNode p = problem(r, 400, type);
        assertThat(p.path("detail").asText()).as(what).contains(cause);
        assertThat(r.body()).doesNotContain("BEGIN CERTIFICATE-----");
    }

    @Test
    void revokedTokenIsRefusedAtOnce() throws Exception {
        HttpResponse<String> created = api.postJson("/api/v1/tokens", admin, "{\"name\":\"temp\",\"role\":\"auditor\"}");
        JsonNode t = JSON.readTree(created.body());
        String secret = t.path("token").asText();
        assertThat(api.get("/api/v1/whoami", secret).body()).contains("temp");
        assertThat(api.send("DELETE", "/api/v1/tokens/" + t.path("id").asText(), admin, null, null).statusCode()).isEqualTo(204);
        problem(api.get("/api/v1/whoami", secret), 401, "unauthorized");
        problem(api.send("DELETE", "/api/v1/tokens/" + t.path("id").asText(), admin, null, null), 409, "conflict");
        // The secret is shown once and never listed.
        assertThat(api.get("/api/v1/tokens", admin).body()).doesNotContain(secret).contains("temp");
    }

    @Test
    void clientMistakesAreProblemsNotServerErrors() throws Exception {
        problem(api.send("POST", "/api/v1/certificates", admin, "text/plain", "{}"), 415, "unsupported-media-type");
        problem(api.postJson("/api/v1/certificates", admin, "{not json"), 400, "malformed");
        JsonNode unknown = problem(api.postJson("/api/v1/certificates", admin, "{\"csr\":\"x\",\"profle\":\"server\"}"), 400, "malformed");
        assertThat(unknown.path("detail").asText()).contains("profle");
        problem(api.postJson("/api/v1/certificates", admin, "{\"csr\":\"" + "A".repeat(70_000) + "\"}"), 413, "payload-too-large");
        problem(api.postJson("/api/v1/certificates", admin, "{\"csr\":\"x\",\"ttl\":\"forever\"}"), 400, "malformed");
        problem(api.get("/api/v1/nothing-here", admin), 404, "not-found");
        problem(api.get("/api/v1/certificates/zz-not-hex", admin), 400, "malformed");
        problem(api.get("/api/v1/certificates/abcdef", admin), 404, "not-found");
        problem(api.get("/api/v1/certificates?status=bogus", admin), 400, "malformed");
        problem(api.postJson("/api/v1/certificates/abcdef/revoke", admin, "{\"reason\":\"certificateHold\"}"), 400, "malformed");
    }

    @Test
    void auditLogRecordsChangesAndVerifies() throws Exception {
        createToken("audited", "auditor");
        JsonNode items = JSON.readTree(api.get("/api/v1/audit?action=token.create", admin).body()).path("items");
        assertThat(items.findValuesAsText("target")).isNotEmpty();
        assertThat(items.toString()).contains("audited").doesNotContain("sgl_");
        JsonNode ca = JSON.readTree(api.get("/api/v1/audit?action=ca.create", admin).body()).path("items");
        assertThat(ca).hasSize(2);
        JsonNode v = JSON.readTree(api.get("/api/v1/audit/verify", admin).body());
        assertThat(v.path("intact").asBoolean()).isTrue();
        assertThat(v.path("records").asLong()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void issuersAndProfilesDescribeTheCa() throws Exception {
        JsonNode issuers = JSON.readTree(api.get("/api/v1/issuers", admin).body()).path("items");
        assertThat(issuers).hasSize(2);
        assertThat(issuers.findValuesAsText("kind")).containsExactlyInAnyOrder("root", "intermediate");
        assertThat(issuers.get(0).path("sha256Fingerprint").asText()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        JsonNode profiles = JSON.readTree(api.get("/api/v1/profiles", admin).body()).path("items");
        assertThat(profiles.findValuesAsText("name")).containsExactly("client", "device", "server");
    }

    @Test
    void healthAndMetricsOnTheObserveListener() throws Exception {
        HttpResponse<byte[]> health = ApiClient.plainGet("http://127.0.0.1:" + server.observePort() + "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(new String(health.body())).contains("\"database\":\"UP\"").contains("\"keys\":\"UP\"");
        String operator = createToken("metered", "operator");
        api.postJson("/api/v1/certificates", operator, issueBody(TestCsrs.csr(KeyType.EC_P256, "CN=m.internal")));
        String metrics = new String(ApiClient.plainGet("http://127.0.0.1:" + server.observePort() + "/metrics").body());
        assertThat(metrics).containsPattern("sigil_certificates_issued_total\\{issuer=\"int-[0-9a-f]+\",profile=\"server\"}")
                .contains("sigil_http_requests_seconds_bucket");
    }

    @Test
    void relyingPartyEndpointsServeCaCertificates() throws Exception {
        JsonNode issuer = JSON.readTree(api.get("/api/v1/issuers", admin).body()).path("items").get(1);
        HttpResponse<byte[]> der = ApiClient.plainGet(issuer.path("caIssuersUrl").asText());
        assertThat(der.statusCode()).isEqualTo(200);
        assertThat(der.headers().firstValue("Content-Type")).contains("application/pkix-cert");
        HttpResponse<byte[]> root = ApiClient.plainGet("http://127.0.0.1:" + server.httpPort() + "/ca/root.pem");
        assertThat(new String(root.body())).isEqualTo(java.nio.file.Files.readString(server.started().rootPem()));
        HttpResponse<byte[]> missing = ApiClient.plainGet("http://127.0.0.1:" + server.httpPort() + "/crl/nope.crl");
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    private static String createToken(String name, String role) throws Exception {
        HttpResponse<String> r = api.postJson("/api/v1/tokens", admin, "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("token").asText();
    }
}
