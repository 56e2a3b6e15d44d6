package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.service.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A certificate is in the inventory before a client sees it: when the database cannot commit, nobody gets one. */
class InventoryFirstTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void noCertificateLeavesWhenTheInventoryCannotCommit() throws Exception {
        try (SigilServer server = TestServer.start(dir.resolve("data"), Map.of())) {
            ApiClient api = new ApiClient(server.started().rootPem(), server.httpsPort());
            String token = TestServer.adminToken(server);
            String body = JSON.writeValueAsString(Map.of("csr", TestCsrs.csr(KeyType.EC_P256, "CN=x.internal")));
            HttpResponse<String> ok = api.postJson("/api/v1/certificates", token, body);
            assertThat(ok.statusCode()).isEqualTo(201);
            String serial = JSON.readTree(ok.body()).path("serial").asText();

            server.database().close(); // the database goes away under a running server

            HttpResponse<String> refused = api.postJson("/api/v1/certificates", token, body);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(refused.body()).doesNotContain("BEGIN CERTIFICATE").contains("urn:sigil:problem:unavailable");

            HttpResponse<String> revoke = api.postJson("/api/v1/certificates/" + serial + "/revoke", token,
                    "{\"reason\":\"keyCompromise\"}");
            assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(503);

            HttpResponse<byte[]> health = ApiClient.plainGet("http://127.0.0.1:" + server.observePort() + "/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(new String(health.body())).contains("\"database\":\"DOWN\"");
        }
    }
}
