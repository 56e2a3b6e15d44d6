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
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The new search parameters and the renew route on the wire: each bad value is a problem naming it; roles hold. */
class CertificateSearchApiTest {

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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "sort=color | sort must be issued, expiry or serial",
        "order=up | order must be asc or desc",
        "issuedAfter=yesterday | issuedAfter must be an RFC 3339",
        "issuedBefore=2026-13-01T00:00:00Z | issuedBefore must be an RFC 3339",
        "issuedAfter=2026-12-02T00:00:00Z&issuedBefore=2026-12-01T00:00:00Z | issuedAfter must be before issuedBefore",
        "cursor=bm90LWEtY3Vyc29y | cursor: not a cursor of this listing"})
    void badSearchParametersAreMalformedProblems(String query, String detail) throws Exception {
        HttpResponse<String> r = api.get("/api/v1/certificates?" + query.strip().replace(":", "%3A"), admin);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.path("type").asText()).isEqualTo("urn:sigil:problem:malformed");
        assertThat(p.path("detail").asText()).contains(detail.strip());
        assertThat(r.body()).doesNotContain("Exception");
    }

    @Test
    void longSanPatternsAreRefused() throws Exception {
        HttpResponse<String> r = api.get("/api/v1/certificates?san=" + "a".repeat(256), admin);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("san must be at most 255 characters");
    }

    @Test
    void renewNeedsTheOperatorRoleACsrAndAKnownSerial() throws Exception {
        HttpResponse<String> created = api.postJson("/api/v1/tokens", admin,
                "{\"name\":\"reader\",\"role\":\"auditor\"}");
        String auditor = JSON.readTree(created.body()).path("token").asText();
        String csr = TestCsrs.csr(KeyType.EC_P256, "CN=r.internal", "r.internal");
        HttpResponse<String> issued = api.postJson("/api/v1/certificates", admin,
                JSON.writeValueAsString(Map.of("csr", csr)));
        String serial = JSON.readTree(issued.body()).path("serial").asText();
        String body = JSON.writeValueAsString(Map.of("csr", csr));

        assertThat(api.postJson("/api/v1/certificates/" + serial + "/renew", auditor, body).statusCode())
                .isEqualTo(403);
        HttpResponse<String> noCsr = api.postJson("/api/v1/certificates/" + serial + "/renew", admin, "{}");
        assertThat(noCsr.statusCode()).isEqualTo(400);
        assertThat(noCsr.body()).contains("'csr'");
        HttpResponse<String> badTtl = api.postJson("/api/v1/certificates/" + serial + "/renew", admin,
                JSON.writeValueAsString(Map.of("csr", csr, "ttl", "soon")));
        assertThat(badTtl.statusCode()).isEqualTo(400);
        assertThat(badTtl.body()).contains("ttl");
        assertThat(api.postJson("/api/v1/certificates/abcdef/renew", admin, body).statusCode()).isEqualTo(404);

        HttpResponse<String> renewed = api.postJson("/api/v1/certificates/" + serial + "/renew", admin, body);
        assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(201);
        JsonNode n = JSON.readTree(renewed.body());
        assertThat(n.path("renews").path("serial").asText()).isEqualTo(serial);
        assertThat(renewed.headers().firstValue("Location")).contains("/api/v1/certificates/"
                + n.path("serial").asText());
    }
}
