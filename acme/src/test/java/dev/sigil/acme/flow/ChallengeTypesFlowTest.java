package dev.sigil.acme.flow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.acme.http.AcmeHttpResponse;
import dev.sigil.acme.testing.AcmeHarness;
import dev.sigil.acme.testing.AcmeTestClient;
import dev.sigil.acme.testing.Csrs;
import dev.sigil.acme.testing.Flows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

import static dev.sigil.acme.testing.AcmeTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * dns-01 with a wildcard, http-01 of a DNS name and tls-alpn-01 of a DNS name and an IP address, each through the
 * front end to real validators and loopback responders (DNS server, web server, TLS server).
 */
@Timeout(120)
class ChallengeTypesFlowTest {

    @TempDir
    Path dir;
    AcmeHarness acme;
    AcmeTestClient client;

    @BeforeEach
    void start() throws Exception {
        acme = AcmeHarness.h2(dir);
        client = acme.client("default");
        Flows.expect(client.register(), 201);
    }

    @AfterEach
    void stop() {
        acme.close();
    }

    private JsonNode answer(JsonNode authz, String type) throws Exception {
        JsonNode challenge = AcmeTestClient.challenge(authz, type);
        AcmeHttpResponse response = client.postKid(challenge.get("url").asText(), "{}");
        assertThat(response.status()).isEqualTo(200);
        client.awaitValidation(challenge.get("url").asText());
        return json(client.postAsGet(challenge.get("url").asText()));
    }

    private List<String> finalizeAndListSans(String orderUrl, List<String> names) throws Exception {
        JsonNode order = json(client.postAsGet(orderUrl));
        assertThat(order.get("status").asText()).isEqualTo("ready");
        AcmeHttpResponse finalized = client.finalizeOrder(order, Csrs.csr(names));
        assertThat(finalized.status()).as(finalized.bodyText()).isEqualTo(200);
        AcmeHttpResponse download = client.postAsGet(json(finalized).get("certificate").asText());
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(download.body()));
        return leaf.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList();
    }

    @Test
    void aWildcardByDns01AndItsBaseNameByHttp01() throws Exception {
        AcmeHttpResponse created = client.newOrder("dns:*.app.sigil.test", "dns:app.sigil.test");
        assertThat(created.status()).isEqualTo(201);
        JsonNode order = json(created);
        JsonNode wildcard = json(client.postAsGet(order.get("authorizations").get(0).asText()));
        JsonNode base = json(client.postAsGet(order.get("authorizations").get(1).asText()));

        String token = AcmeTestClient.challenge(wildcard, "dns-01").get("token").asText();
        acme.dns.provisionDns01("app.sigil.test", client.keyAuthorization(token));
        assertThat(answer(wildcard, "dns-01").get("status").asText()).isEqualTo("valid");

        String httpToken = AcmeTestClient.challenge(base, "http-01").get("token").asText();
        acme.http.provision(httpToken, client.keyAuthorization(httpToken));
        assertThat(answer(base, "http-01").get("status").asText()).isEqualTo("valid");

        assertThat(finalizeAndListSans(created.header("Location").orElseThrow(),
                List.of("dns:*.app.sigil.test", "dns:app.sigil.test")))
                .containsExactlyInAnyOrder("*.app.sigil.test", "app.sigil.test");
    }

    @Test
    void aMissingTxtRecordFailsDns01() throws Exception {
        JsonNode order = json(client.newOrder("dns:*.gone.sigil.test"));
        JsonNode authz = json(client.postAsGet(order.get("authorizations").get(0).asText()));
        JsonNode failed = answer(authz, "dns-01");
        assertThat(failed.get("status").asText()).isEqualTo("invalid");
        assertThat(failed.at("/error/type").asText()).isEqualTo("urn:ietf:params:acme:error:dns");
        assertThat(failed.at("/error/detail").asText()).contains("_acme-challenge.gone.sigil.test");
    }

    @Test
    void tlsAlpn01ForAnIpAddressAndADnsName() throws Exception {
        AcmeHttpResponse created = client.newOrder("ip:127.0.0.1", "dns:tls.sigil.test");
        JsonNode order = json(created);
        JsonNode ipAuthz = json(client.postAsGet(order.get("authorizations").get(0).asText()));
        JsonNode dnsAuthz = json(client.postAsGet(order.get("authorizations").get(1).asText()));

        String ipToken = AcmeTestClient.challenge(ipAuthz, "tls-alpn-01").get("token").asText();
        acme.tlsAlpn.provision("ip:127.0.0.1", client.keyAuthorization(ipToken));
        assertThat(answer(ipAuthz, "tls-alpn-01").get("status").asText()).isEqualTo("valid");

        String dnsToken = AcmeTestClient.challenge(dnsAuthz, "tls-alpn-01").get("token").asText();
        acme.tlsAlpn.provision("dns:tls.sigil.test", client.keyAuthorization(dnsToken));
        assertThat(answer(dnsAuthz, "tls-alpn-01").get("status").asText()).isEqualTo("valid");

        assertThat(finalizeAndListSans(created.header("Location").orElseThrow(),
                List.of("ip:127.0.0.1", "dns:tls.sigil.test"))).containsExactlyInAnyOrder("127.0.0.1",
                "tls.sigil.test");
    }
}
