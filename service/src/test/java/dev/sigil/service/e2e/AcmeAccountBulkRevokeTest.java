package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.testing.Certbot;
import dev.sigil.service.testing.ChallTestSrv;
import dev.sigil.service.testing.Cli;
import dev.sigil.service.testing.FreePorts;
import dev.sigil.service.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Revoke everything an ACME account holds" with real ACME clients: two certbot installations (two accounts) obtain
 * certificates from Sigil over http-01; {@code sigil cert list --acme-account} finds exactly the first account's,
 * and {@code sigil cert revoke --acme-account ... --yes} revokes them and leaves the other account's valid.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AcmeAccountBulkRevokeTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    ChallTestSrv dns;
    SigilServer server;
    Certbot compromised;
    Certbot bystander;

    @BeforeEach
    void start() throws Exception {
        dns = ChallTestSrv.start(dir);
        int http01 = FreePorts.tcp();
        server = TestServer.start(dir.resolve("data"), Map.of(
                "sigil.acme.validation.dns-resolver", dns.dnsAddress(),
                "sigil.acme.validation.http-port", Integer.toString(http01)));
        String directory = "https://localhost:" + server.httpsPort() + "/acme/default/directory";
        compromised = new Certbot(dir.resolve("certbot-a"), directory, server.started().rootPem(), http01);
        bystander = new Certbot(dir.resolve("certbot-b"), directory, server.started().rootPem(), http01);
    }

    @AfterEach
    void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (dns != null) {
                dns.close();
            }
        }
    }

    @Test
    void revokesExactlyTheCertificatesOfOneAccount() throws Exception {
        compromised.ok("certonly", compromised.standalone("runner-1.ci.test"));
        compromised.ok("certonly", compromised.standalone("runner-2.ci.test"));
        bystander.ok("certonly", bystander.standalone("web.prod.test"));
        String serial1 = serial(compromised.live("runner-1.ci.test"));
        String serial2 = serial(compromised.live("runner-2.ci.test"));
        String other = serial(bystander.live("web.prod.test"));
        Map<String, String> env = TestServer.cliEnv(server, dir);
        // The inventory records the requester as acme:ACCOUNT.
        String account = JSON.readTree(Cli.run(env, "cert", "show", serial1, "--output", "json").out())
                .path("requestedBy").asText().substring("acme:".length());

        Cli.Result listed = Cli.run(env, "cert", "list", "--acme-account", account, "--output", "json");
        assertThat(listed.exit()).as(listed.toString()).isZero();
        assertThat(serials(JSON.readTree(listed.out()))).containsExactlyInAnyOrder(serial1, serial2);

        Cli.Result revoked = Cli.run(env, "cert", "revoke", "--acme-account", account, "--reason", "keyCompromise",
                "--yes");
        assertThat(revoked.exit()).as(revoked.toString()).isZero();
        assertThat(revoked.out()).contains("matched 2: revoked 2, already revoked 0, failed 0");
        for (String s : List.of(serial1, serial2)) {
            assertThat(status(env, s)).isEqualTo("revoked");
        }
        assertThat(status(env, other)).isEqualTo("valid");
    }

    private static String status(Map<String, String> env, String serial) throws Exception {
        return JSON.readTree(Cli.run(env, "cert", "show", serial, "--output", "json").out()).path("status").asText();
    }

    private static List<String> serials(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.path("items").forEach(c -> out.add(c.path("serial").asText()));
        return out;
    }

    private static String serial(Path live) throws Exception {
        try (var in = Files.newInputStream(live.resolve("cert.pem"))) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
                    .getSerialNumber().toString(16);
        }
    }
}
