package dev.sigil.acme.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.http.AcmeHttpResponse;
import dev.sigil.acme.testing.AcmeHarness;
import dev.sigil.acme.testing.AcmeTestClient;
import dev.sigil.acme.testing.Csrs;
import dev.sigil.acme.testing.Flows;
import dev.sigil.acme.testing.JwsSigner;
import dev.sigil.storage.acme.AcmeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.sigil.acme.testing.AcmeTestClient.json;
import static dev.sigil.acme.testing.AcmeTestClient.texts;
import static dev.sigil.acme.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The list of bad input and attacks: each refused with the right problem type, nothing half-written. */
class AttackTest {

    @TempDir
    Path dir;
    AcmeHarness acme;
    AcmeTestClient alice;

    @BeforeEach
    void start() throws Exception {
        acme = AcmeHarness.h2(dir);
        alice = acme.client("default");
        Flows.expect(alice.register(), 201);
    }

    @AfterEach
    void stop() {
        acme.close();
    }

    @Test
    void aReusedNonceIsBadNonceAndTheAnswerCarriesAFreshOne() {
        String nonce = alice.nonce();
        String url = alice.url("/new-order");
        String payload = "{\"identifiers\":[{\"type\":\"ip\",\"value\":\"127.0.0.1\"}]}";
        byte[] first = alice.signer.signWithKid(alice.accountUrl, url, nonce, payload);
        Flows.expect(alice.postRaw(url, first), 201);
        AcmeHttpResponse replay = alice.postRaw(url, alice.signer.signWithKid(alice.accountUrl, url, nonce, payload));
        assertProblem(replay, 400, "badNonce");
        assertThat(replay.header("Replay-Nonce")).isPresent().isNotEqualTo(java.util.Optional.of(nonce));
        assertThat(texts(json(alice.postAsGet(alice.accountUrl + "/orders")).get("orders"))).hasSize(1);
    }

    @Test
    void anUnknownNonceIsBadNonce() {
        String url = alice.url("/new-order");
        AcmeHttpResponse response = alice.postRaw(url, alice.signer.signWithKid(alice.accountUrl, url,
                "AAAAAAAAAAAAAAAAAAAAAA", "{\"identifiers\":[{\"type\":\"ip\",\"value\":\"127.0.0.1\"}]}"));
        assertProblem(response, 400, "badNonce");
        AcmeHttpResponse missing = alice.postRaw(url, alice.signer.signWithKid(alice.accountUrl, url, null, "{}"));
        assertProblem(missing, 400, "badNonce");
    }

    @Test
    void aNonceExpiresAfterItsLifetime() {
        String nonce = alice.nonce();
        acme.clock.advance(Duration.ofHours(2));
        String url = alice.url("/new-order");
        AcmeHttpResponse response = alice.postRaw(url, alice.signer.signWithKid(alice.accountUrl, url, nonce, ""));
        assertProblem(response, 400, "badNonce");
    }

    @Test
    void aUrlMismatchIsUnauthorized() {
        String signedFor = alice.url("/new-order");
        AcmeHttpResponse response = alice.postRaw(alice.url("/new-account"),
                alice.signer.signWithKid(alice.accountUrl, signedFor, alice.nonce(), "{}"));
        assertProblem(response, 403, "unauthorized");
    }

    @Test
    void theKidOfAnotherAccountDoesNotVerify() {
        AcmeTestClient mallory = acme.client("default");
        Flows.expect(mallory.register(), 201);
        String url = alice.accountUrl;
        AcmeHttpResponse response = mallory.postRaw(url, mallory.signer.signWithKid(alice.accountUrl, url,
                mallory.nonce(), "{\"status\":\"deactivated\"}"));
        assertProblem(response, 400, "malformed");
        assertThat(acme.store.account(id(alice.accountUrl)).orElseThrow().status()).isEqualTo(AcmeStatus.Account.VALID);
        // and with her own kid she may not address Alice's account
        assertProblem(mallory.postKid(alice.accountUrl, "{\"status\":\"deactivated\"}"), 403, "unauthorized");
        assertThat(acme.store.account(id(alice.accountUrl)).orElseThrow().status()).isEqualTo(AcmeStatus.Account.VALID);
    }

    @Test
    void anUnknownKidIsAccountDoesNotExist() {
        String url = alice.url("/new-order");
        AcmeHttpResponse response = alice.postRaw(url, alice.signer.signWithKid(alice.url("/account/nosuchaccount"),
                url, alice.nonce(), "{}"));
        assertProblem(response, 400, "accountDoesNotExist");
        AcmeHttpResponse otherDirectory = alice.postRaw(url, alice.signer.signWithKid(
                AcmeHarness.url("tos", "/account/" + id(alice.accountUrl)), url, alice.nonce(), "{}"));
        assertProblem(otherDirectory, 403, "unauthorized");
    }

    @Test
    void jwkOnAKidOnlyEndpointIsMalformed() {
        AcmeHttpResponse response = alice.postJwk(alice.url("/new-order"),
                "{\"identifiers\":[{\"type\":\"ip\",\"value\":\"127.0.0.1\"}]}");
        assertProblem(response, 400, "malformed");
        assertThat(json(alice.postAsGet(alice.accountUrl + "/orders")).get("orders")).isEmpty();
    }

    @Test
    void algNoneAndHs256AreBadSignatureAlgorithm() {
        String url = alice.url("/new-order");
        for (String alg : List.of("none", "HS256")) {
            ObjectNode header = alice.signer.header(url, alice.nonce());
            header.put("alg", alg);
            header.put("kid", alice.accountUrl);
            AcmeHttpResponse response = alice.postRaw(url, JwsSigner.bytes(alice.signer.signRaw(JwsSigner.json(header),
                    "{}")));
            JsonNode problem = assertProblem(response, 400, "badSignatureAlgorithm");
            assertThat(texts(problem.get("algorithms"))).contains("ES256", "RS256", "EdDSA").doesNotContain(alg);
        }
    }

    @Test
    void anRsa1024AccountKeyIsBadPublicKey() {
        AcmeTestClient weak = acme.client("default", JwsSigner.rsa1024());
        assertProblem(weak.register(), 400, "badPublicKey");
        assertThat(acme.store.accountByKey("default", weak.signer.thumbprint())).isEmpty();
    }

    @Test
    void aNonJsonPayloadIsMalformed() {
        AcmeHttpResponse response = alice.postKid(alice.url("/new-order"), "identifiers=127.0.0.1");
        assertProblem(response, 400, "malformed");
        AcmeTestClient bob = acme.client("default");
        assertProblem(bob.postJwk(bob.url("/new-account"), "[1,2]"), 400, "malformed");
        assertThat(acme.store.accountByKey("default", bob.signer.thumbprint())).isEmpty();
    }

    @Test
    void aCsrWithAnExtraNameIsBadCsrAndTheOrderStaysReady() throws Exception {
        Flows.Order order = Flows.readyOrder(alice, "ip:127.0.0.1");
        AcmeHttpResponse response = alice.finalizeOrder(order.json(),
                Csrs.csr(List.of("ip:127.0.0.1", "dns:extra.example")));
        JsonNode problem = assertProblem(response, 400, "badCSR");
        assertThat(problem.get("detail").asText()).contains("dns:extra.example");
        assertThat(json(alice.postAsGet(order.url())).get("status").asText()).isEqualTo("ready");
        assertThat(acme.ca.issuedCount()).isZero();
        AcmeHttpResponse missing = alice.finalizeOrder(order.json(), Csrs.csr(List.of("ip:127.0.0.2")));
        assertProblem(missing, 400, "badCSR");
    }

    @Test
    void aCsrSignedWithTheAccountKeyIsBadCsr() throws Exception {
        Flows.Order order = Flows.readyOrder(alice, "ip:127.0.0.1");
        AcmeHttpResponse response = alice.finalizeOrder(order.json(),
                Csrs.csr(alice.signer.keyPair(), null, List.of("ip:127.0.0.1")));
        JsonNode problem = assertProblem(response, 400, "badCSR");
        assertThat(problem.get("detail").asText()).contains("account key");
        assertThat(acme.ca.issuedCount()).isZero();
    }

    @Test
    void aCsrWithABrokenSignatureIsBadCsr() throws Exception {
        Flows.Order order = Flows.readyOrder(alice, "ip:127.0.0.1");
        byte[] csr = Csrs.csr(List.of("ip:127.0.0.1"));
        csr[csr.length - 5] ^= 0x01;
        assertProblem(alice.finalizeOrder(order.json(), csr), 400, "badCSR");
        assertProblem(alice.finalizeOrder(order.json(), new byte[] {1, 2, 3}), 400, "badCSR");
    }

    @Test
    void aDeactivatedAccountIsUnauthorized() {
        AcmeHttpResponse deactivated = alice.postKid(alice.accountUrl, "{\"status\":\"deactivated\"}");
        assertThat(deactivated.status()).isEqualTo(200);
        assertThat(json(deactivated).get("status").asText()).isEqualTo("deactivated");
        assertProblem(alice.newOrder("ip:127.0.0.1"), 403, "unauthorized");
        assertProblem(alice.postAsGet(alice.accountUrl), 403, "unauthorized");
        assertProblem(alice.register(), 403, "unauthorized");
    }

    @Test
    void anExpiredOrderIsInvalidAndCannotBeFinalized() throws Exception {
        Flows.Order order = Flows.readyOrder(alice, "ip:127.0.0.1");
        acme.clock.advance(Duration.ofDays(8));
        alice.dropNonce();
        assertThat(json(alice.postAsGet(order.url())).get("status").asText()).isEqualTo("invalid");
        assertProblem(alice.finalizeOrder(order.json(), Csrs.csr(List.of("ip:127.0.0.1"))), 403, "orderNotReady");
        assertThat(acme.store.order(id(order.url())).orElseThrow().status()).isEqualTo(AcmeStatus.Order.INVALID);
        assertThat(acme.ca.issuedCount()).isZero();
    }

    @Test
    void finalizeBeforeReadyIsOrderNotReady() {
        AcmeHttpResponse created = alice.newOrder("ip:127.0.0.1");
        AcmeHttpResponse response = alice.finalizeOrder(json(created), Csrs.csr(List.of("ip:127.0.0.1")));
        assertProblem(response, 403, "orderNotReady");
        assertThat(json(alice.postAsGet(created.header("Location").orElseThrow())).get("status").asText())
                .isEqualTo("pending");
        assertThat(acme.ca.issuedCount()).isZero();
    }

    @Test
    void answeringAnotherAccountsChallengeIsUnauthorized() {
        JsonNode order = json(alice.newOrder("ip:127.0.0.1"));
        String authzUrl = order.get("authorizations").get(0).asText();
        JsonNode challenge = AcmeTestClient.challenge(json(alice.postAsGet(authzUrl)), "http-01");
        AcmeTestClient mallory = acme.client("default");
        Flows.expect(mallory.register(), 201);
        assertProblem(mallory.postKid(challenge.get("url").asText(), "{}"), 403, "unauthorized");
        assertProblem(mallory.postAsGet(authzUrl), 403, "unauthorized");
        assertProblem(mallory.postKid(authzUrl, "{\"status\":\"deactivated\"}"), 403, "unauthorized");
        JsonNode after = json(alice.postAsGet(authzUrl));
        assertThat(after.get("status").asText()).isEqualTo("pending");
        assertThat(AcmeTestClient.challenge(after, "http-01").get("status").asText()).isEqualTo("pending");
    }

    static String id(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
