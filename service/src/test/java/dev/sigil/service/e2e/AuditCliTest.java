package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.Cli;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.service.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sigil audit list --serial}: what happened to one certificate, without knowing its issuer. */
class AuditCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theRecordsOfOneCertificateAreFoundByItsSerialAlone() throws Exception {
        SigilServer server = TestServer.start(dir.resolve("data"), Map.of());
        try {
            ApiClient api = new ApiClient(server.started().rootPem(), server.httpsPort());
            String admin = TestServer.adminToken(server);
            String[] serials = new String[2];
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = api.postJson("/api/v1/certificates", admin, JSON.writeValueAsString(Map.of(
                        "csr", TestCsrs.csr(KeyType.EC_P256, "CN=audit" + i + ".internal", "audit" + i + ".internal"))));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                serials[i] = JSON.readTree(r.body()).path("serial").asText();
            }
            assertThat(api.postJson("/api/v1/certificates/" + serials[0] + "/revoke", admin,
                    "{\"reason\":\"keyCompromise\"}").statusCode()).isEqualTo(200);
            Map<String, String> env = TestServer.cliEnv(server, dir);

            Cli.Result one = Cli.run(env, "audit", "list", "--serial", serials[0]);
            assertThat(one.exit()).as(one.toString()).isZero();
            assertThat(one.out()).contains("certificate.issue").contains("certificate.revoke")
                    .contains("/" + serials[0]).doesNotContain(serials[1]);
            Cli.Result other = Cli.run(env, "audit", "list", "--serial", serials[1], "--action", "certificate.revoke");
            assertThat(other.exit()).isZero();
            assertThat(other.err()).contains("no audit records match");

            assertThat(Cli.run(env, "audit", "list", "--serial", "0badc0de").exit()).as("unknown serial").isEqualTo(3);
            Cli.Result both = Cli.run(env, "audit", "list", "--serial", serials[0], "--target", "x");
            assertThat(both.exit()).isEqualTo(2);
            assertThat(both.err()).contains("--serial and --target");
        } finally {
            server.close();
        }
    }
}
