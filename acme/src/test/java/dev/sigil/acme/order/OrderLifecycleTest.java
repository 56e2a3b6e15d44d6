package dev.sigil.acme.order;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.acme.http.AcmeHttpResponse;
import dev.sigil.acme.testing.AcmeHarness;
import dev.sigil.acme.testing.AcmeTestClient;
import dev.sigil.acme.testing.Csrs;
import dev.sigil.acme.testing.Flows;
import dev.sigil.storage.acme.AcmeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;

import static dev.sigil.acme.testing.AcmeTestClient.json;
import static dev.sigil.acme.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The §7.1.6 state machines driven through failures: failed validation, deactivation, CA refusal and outage. */
class OrderLifecycleTest {

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

    @Test
    void aFailedValidationInvalidatesChallengeAuthorizationAndOrder() throws Exception {
        AcmeHttpResponse created = client.newOrder("ip:127.0.0.1");
        String authzUrl = json(created).get("authorizations").get(0).asText();
        JsonNode challenge = AcmeTestClient.challenge(json(client.postAsGet(authzUrl)), "http-01");
        acme.http.provision(challenge.get("token").asText(), "not-the-key-authorization");
        AcmeHttpResponse answered = client.postKid(challenge.get("url").asText(), "{}");
        assertThat(json(answered).get("status").asText()).isEqualTo("processing");
        client.awaitValidation(challenge.get("url").asText());

        JsonNode failed = json(client.postAsGet(challenge.get("url").asText()));
        assertThat(failed.get("status").asText()).isEqualTo("invalid");
        assertThat(failed.at("/error/type").asText()).isEqualTo("urn:ietf:params:acme:error:incorrectResponse");
        assertThat(json(client.postAsGet(authzUrl)).get("status").asText()).isEqualTo("invalid");
        JsonNode order = json(client.postAsGet(created.header("Location").orElseThrow()));
        assertThat(order.get("status").asText()).isEqualTo("invalid");
        assertThat(order.at("/error/type").asText()).isEqualTo("urn:ietf:params:acme:error:incorrectResponse");
        // answering again changes nothing
        AcmeHttpResponse again = client.postKid(challenge.get("url").asText(), "{}");
        assertThat(json(again).get("status").asText()).isEqualTo("invalid");
    }

    @Test
    void answeringTwiceStartsOneValidation() throws Exception {
        JsonNode order = json(client.newOrder("ip:127.0.0.1"));
        JsonNode authz = json(client.postAsGet(order.get("authorizations").get(0).asText()));
        JsonNode challenge = AcmeTestClient.challenge(authz, "http-01");
        client.solveHttp01(authz);
        AcmeHttpResponse again = client.postKid(challenge.get("url").asText(), "{}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(json(again).get("status").asText()).isEqualTo("valid");
        JsonNode tlsAlpn = AcmeTestClient.challenge(json(client.postAsGet(order.get("authorizations").get(0)
                .asText())), "tls-alpn-01");
        AcmeHttpResponse other = client.postKid(tlsAlpn.get("url").asText(), "{}");
        assertThat(json(other).get("status").asText()).isEqualTo("pending");
    }

    @Test
    void deactivatingAnAuthorizationInvalidatesItsOrder() {
        AcmeHttpResponse created = client.newOrder("ip:127.0.0.1");
        String authzUrl = json(created).get("authorizations").get(0).asText();
        AcmeHttpResponse deactivated = client.postKid(authzUrl, "{\"status\":\"deactivated\"}");
        assertThat(deactivated.status()).isEqualTo(200);
        assertThat(json(deactivated).get("status").asText()).isEqualTo("deactivated");
        assertThat(json(client.postAsGet(created.header("Location").orElseThrow())).get("status").asText())
                .isEqualTo("invalid");
        assertProblem(client.postKid(authzUrl, "{\"status\":\"deactivated\"}"), 400, "malformed");
        assertProblem(client.postKid(authzUrl, "{\"status\":\"valid\"}"), 400, "malformed");
        JsonNode challenge = AcmeTestClient.challenge(json(client.postAsGet(authzUrl)), "http-01");
        assertProblem(client.postKid(challenge.get("url").asText(), "{}"), 400, "malformed");
    }

    @Test
    void aPendingAuthorizationExpires() {
        AcmeHttpResponse created = client.newOrder("ip:127.0.0.1");
        String authzUrl = json(created).get("authorizations").get(0).asText();
        acme.clock.advance(Duration.ofDays(8));
        client.dropNonce();
        assertThat(json(client.postAsGet(authzUrl)).get("status").asText()).isEqualTo("expired");
    }

    @Test
    void aCaRefusalInvalidatesTheOrderWithTheProblem() throws Exception {
        Flows.Order order = Flows.readyOrder(client, "ip:127.0.0.1");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        AcmeHttpResponse response = client.finalizeOrder(order.json(),
                Csrs.csr(rsa.generateKeyPair(), null, List.of("ip:127.0.0.1")));
        assertProblem(response, 400, "badCSR");
        JsonNode invalid = json(client.postAsGet(order.url()));
        assertThat(invalid.get("status").asText()).isEqualTo("invalid");
        assertThat(invalid.at("/error/type").asText()).isEqualTo("urn:ietf:params:acme:error:badCSR");
    }

    @Test
    void aCaOutageIs503AndTheOrderCanBeFinalizedLater() throws Exception {
        Flows.Order order = Flows.readyOrder(client, "ip:127.0.0.1");
        acme.ca.unavailable = true;
        AcmeHttpResponse outage = client.finalizeOrder(order.json(), Csrs.csr(List.of("ip:127.0.0.1")));
        assertThat(outage.status()).isEqualTo(503);
        assertThat(outage.header("Retry-After")).isPresent();
        assertThat(json(outage).get("type").asText()).isEqualTo("urn:ietf:params:acme:error:serverInternal");
        assertThat(acme.store.order(order.url().substring(order.url().lastIndexOf('/') + 1)).orElseThrow().status())
                .isEqualTo(AcmeStatus.Order.READY);
        acme.ca.unavailable = false;
        AcmeHttpResponse later = client.finalizeOrder(order.json(), Csrs.csr(List.of("ip:127.0.0.1")));
        assertThat(later.status()).isEqualTo(200);
        assertThat(json(later).get("status").asText()).isEqualTo("valid");
        assertProblem(client.finalizeOrder(order.json(), Csrs.csr(List.of("ip:127.0.0.1"))), 403, "orderNotReady");
        assertThat(acme.ca.issuedCount()).isEqualTo(1);
    }

    @Test
    void ordersAndCertificatesAreReadWithPostAsGetOnly() throws Exception {
        Flows.Order order = Flows.readyOrder(client, "ip:127.0.0.1");
        assertProblem(client.postKid(order.url(), "{}"), 400, "malformed");
        AcmeHttpResponse done = client.finalizeOrder(order.json(), Csrs.csr(List.of("ip:127.0.0.1")));
        String certificate = json(done).get("certificate").asText();
        assertProblem(client.postKid(certificate, "{}"), 400, "malformed");
        AcmeTestClient other = acme.client("default");
        Flows.expect(other.register(), 201);
        assertProblem(other.postAsGet(certificate), 403, "unauthorized");
        assertProblem(other.postAsGet(order.url()), 403, "unauthorized");
    }
}
