package dev.sigil.acme.flow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.acme.http.AcmeHttpResponse;
import dev.sigil.acme.testing.AcmeHarness;
import dev.sigil.acme.testing.AcmeTestClient;
import dev.sigil.acme.testing.Csrs;
import dev.sigil.acme.testing.TestCa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import static dev.sigil.acme.testing.AcmeTestClient.json;
import static dev.sigil.acme.testing.AcmeTestClient.texts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole happy path on the wire, as a client sees it: directory, nonce, account, order with an IP identifier,
 * http-01 against a real loopback responder, finalize, download, revoke. Run on H2 and on MariaDB.
 */
abstract class AcmeFlowContract {

    protected AcmeHarness acme;

    protected abstract AcmeHarness harness() throws Exception;

    @AfterEach
    void close() {
        if (acme != null) {
            acme.close();
        }
    }

    @Test
    void accountOrderValidateFinalizeDownloadRevoke() throws Exception {
        acme = harness();
        AcmeTestClient client = acme.client("default");
        String directoryUrl = client.url("/directory");

        AcmeHttpResponse directory = acme.get(directoryUrl);
        assertThat(directory.status()).isEqualTo(200);
        assertThat(directory.header("Content-Type")).contains("application/json");
        JsonNode dir = json(directory);
        assertThat(dir.get("newNonce").asText()).isEqualTo(client.url("/new-nonce"));
        assertThat(dir.get("newAccount").asText()).isEqualTo(client.url("/new-account"));
        assertThat(dir.get("newOrder").asText()).isEqualTo(client.url("/new-order"));
        assertThat(dir.get("revokeCert").asText()).isEqualTo(client.url("/revoke-cert"));
        assertThat(dir.get("keyChange").asText()).isEqualTo(client.url("/key-change"));
        assertThat(dir.get("renewalInfo").asText()).isEqualTo(client.url("/renewal-info"));
        assertThat(dir.at("/meta/externalAccountRequired").asBoolean(true)).isFalse();
        assertCommonHeaders(directory, directoryUrl);

        AcmeHttpResponse account = client.register();
        assertThat(account.status()).isEqualTo(201);
        assertThat(account.header("Location")).hasValueSatisfying(l -> assertThat(l).startsWith(client.url("/account/")));
        assertThat(json(account).get("status").asText()).isEqualTo("valid");
        assertThat(json(account).get("orders").asText()).isEqualTo(client.accountUrl + "/orders");
        assertCommonHeaders(account, directoryUrl);

        AcmeHttpResponse created = client.newOrder("ip:127.0.0.1");
        assertThat(created.status()).isEqualTo(201);
        String orderUrl = created.header("Location").orElseThrow();
        JsonNode order = json(created);
        assertThat(order.get("status").asText()).isEqualTo("pending");
        assertThat(order.get("identifiers").get(0).get("type").asText()).isEqualTo("ip");
        assertThat(order.get("finalize").asText()).isEqualTo(orderUrl + "/finalize");
        assertCommonHeaders(created, directoryUrl);

        String authzUrl = order.get("authorizations").get(0).asText();
        AcmeHttpResponse authzResponse = client.postAsGet(authzUrl);
        assertThat(authzResponse.status()).isEqualTo(200);
        JsonNode authz = json(authzResponse);
        assertThat(authz.get("status").asText()).isEqualTo("pending");
        assertThat(authz.at("/identifier/value").asText()).isEqualTo("127.0.0.1");
        assertThat(authz.get("challenges").findValuesAsText("type")).containsExactly("http-01", "tls-alpn-01");

        AcmeHttpResponse answered = client.solveHttp01(authz);
        assertThat(answered.status()).isEqualTo(200);
        assertThat(json(answered).get("status").asText()).isIn("processing", "valid");
        assertThat(answered.headers("Link")).contains("<" + authzUrl + ">;rel=\"up\"");

        JsonNode validAuthz = json(client.postAsGet(authzUrl));
        assertThat(validAuthz.get("status").asText()).isEqualTo("valid");
        JsonNode http01 = AcmeTestClient.challenge(validAuthz, "http-01");
        assertThat(http01.get("status").asText()).isEqualTo("valid");
        assertThat(http01.has("validated")).isTrue();

        AcmeHttpResponse ready = client.postAsGet(orderUrl);
        assertThat(json(ready).get("status").asText()).isEqualTo("ready");

        AcmeHttpResponse finalized = client.finalizeOrder(json(ready), Csrs.csr(List.of("ip:127.0.0.1")));
        assertThat(finalized.status()).isEqualTo(200);
        JsonNode valid = json(finalized);
        assertThat(valid.get("status").asText()).isEqualTo("valid");
        assertThat(finalized.header("Location")).contains(orderUrl);
        String certificateUrl = valid.get("certificate").asText();

        AcmeHttpResponse download = client.postAsGet(certificateUrl);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Type")).contains("application/pem-certificate-chain");
        assertThat(download.headers("Link")).contains("<" + TestCa.ISSUER_URL + ">;rel=\"up\"");
        assertCommonHeaders(download, directoryUrl);
        Collection<? extends java.security.cert.Certificate> chain = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(download.body()));
        assertThat(chain).hasSize(2);
        X509Certificate leaf = (X509Certificate) chain.iterator().next();
        assertThat(leaf.getSubjectAlternativeNames().stream().map(n -> (Object) n.get(1)).toList())
                .containsExactly("127.0.0.1");
        assertThat(acme.ca.issued(leaf.getSerialNumber().toString(16)).orElseThrow().accountId())
                .isEqualTo(client.accountUrl.substring(client.accountUrl.lastIndexOf('/') + 1));

        JsonNode ordersList = json(client.postAsGet(client.accountUrl + "/orders"));
        assertThat(texts(ordersList.get("orders"))).containsExactly(orderUrl);

        String revokePayload = "{\"certificate\":\"" + AcmeTestClient.b64(leaf.getEncoded()) + "\",\"reason\":4}";
        AcmeHttpResponse revoked = client.postKid(client.url("/revoke-cert"), revokePayload);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(acme.ca.issued(leaf.getSerialNumber().toString(16)).orElseThrow().revocationReason()).contains(4);
        assertCommonHeaders(revoked, directoryUrl);

        AcmeHttpResponse again = client.postKid(client.url("/revoke-cert"), revokePayload);
        assertThat(again.status()).isEqualTo(400);
        assertThat(json(again).get("type").asText()).isEqualTo("urn:ietf:params:acme:error:alreadyRevoked");
    }

    static void assertCommonHeaders(AcmeHttpResponse response, String directoryUrl) {
        assertThat(response.header("Replay-Nonce")).hasValueSatisfying(n -> assertThat(n).matches("[A-Za-z0-9_-]{22,}"));
        assertThat(response.headers("Link")).contains("<" + directoryUrl + ">;rel=\"index\"");
    }
}
