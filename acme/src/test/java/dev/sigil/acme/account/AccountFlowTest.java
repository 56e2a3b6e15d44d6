package dev.sigil.acme.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.http.AcmeHttpResponse;
import dev.sigil.acme.testing.AcmeHarness;
import dev.sigil.acme.testing.AcmeTestClient;
import dev.sigil.acme.testing.Flows;
import dev.sigil.acme.testing.JwsSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.sigil.acme.testing.AcmeTestClient.json;
import static dev.sigil.acme.testing.AcmeTestClient.texts;
import static dev.sigil.acme.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** newAccount, account update and deactivation, key rollover and the orders list, on the wire. */
class AccountFlowTest {

    @TempDir
    Path dir;
    AcmeHarness acme;

    @BeforeEach
    void start() throws Exception {
        acme = AcmeHarness.h2(dir, s -> s.ordersPageSize(2));
    }

    @AfterEach
    void stop() {
        acme.close();
    }

    @Test
    void theSameKeyFindsTheSameAccount() {
        AcmeTestClient client = acme.client("default");
        AcmeHttpResponse first = client.postJwk(client.url("/new-account"),
                "{\"contact\":[\"mailto:ops@example.com\"]}");
        assertThat(first.status()).isEqualTo(201);
        assertThat(texts(json(first).get("contact"))).containsExactly("mailto:ops@example.com");
        AcmeHttpResponse again = client.postJwk(client.url("/new-account"), "{}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        AcmeHttpResponse existing = client.postJwk(client.url("/new-account"), "{\"onlyReturnExisting\":true}");
        assertThat(existing.status()).isEqualTo(200);
        assertThat(existing.header("Location")).isEqualTo(first.header("Location"));
    }

    @Test
    void onlyReturnExistingWithoutAnAccountIsAccountDoesNotExist() {
        AcmeTestClient client = acme.client("default");
        assertProblem(client.postJwk(client.url("/new-account"), "{\"onlyReturnExisting\":true}"), 400,
                "accountDoesNotExist");
        assertThat(acme.store.accountByKey("default", client.signer.thumbprint())).isEmpty();
    }

    @Test
    void contactsMustBePlainMailtoAddresses() {
        AcmeTestClient client = acme.client("default");
        assertProblem(client.postJwk(client.url("/new-account"), "{\"contact\":[\"tel:+15551234\"]}"), 400,
                "unsupportedContact");
        assertProblem(client.postJwk(client.url("/new-account"),
                "{\"contact\":[\"mailto:ops@example.com?subject=hi\"]}"), 400, "invalidContact");
        assertProblem(client.postJwk(client.url("/new-account"), "{\"contact\":[\"mailto:not-an-address\"]}"), 400,
                "invalidContact");
        assertProblem(client.postJwk(client.url("/new-account"),
                "{\"contact\":[\"mailto:a@example.com,b@example.com\"]}"), 400, "invalidContact");
        assertThat(acme.store.accountByKey("default", client.signer.thumbprint())).isEmpty();
    }

    @Test
    void aDirectoryWithTermsNeedsAgreement() {
        AcmeTestClient client = acme.client("tos");
        assertProblem(client.postJwk(client.url("/new-account"), "{}"), 400, "malformed");
        assertThat(acme.store.accountByKey("tos", client.signer.thumbprint())).isEmpty();
        AcmeHttpResponse agreed = client.register();
        assertThat(agreed.status()).isEqualTo(201);
        assertThat(json(agreed).get("termsOfServiceAgreed").asBoolean()).isTrue();
    }

    @Test
    void contactsCanBeReplacedAndTheAccountDeactivated() {
        AcmeTestClient client = acme.client("default");
        Flows.expect(client.register(), 201);
        AcmeHttpResponse updated = client.postKid(client.accountUrl, "{\"contact\":[\"mailto:new@example.com\"]}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(texts(json(updated).get("contact"))).containsExactly("mailto:new@example.com");
        assertThat(texts(json(client.postAsGet(client.accountUrl)).get("contact")))
                .containsExactly("mailto:new@example.com");
        assertProblem(client.postKid(client.accountUrl, "{\"status\":\"revoked\"}"), 400, "malformed");
        AcmeHttpResponse deactivated = client.postKid(client.accountUrl, "{\"status\":\"deactivated\"}");
        assertThat(json(deactivated).get("status").asText()).isEqualTo("deactivated");
        assertProblem(client.postKid(client.accountUrl, "{\"status\":\"valid\"}"), 403, "unauthorized");
    }

    @Test
    void keyRolloverMovesTheAccountToTheNewKey() {
        AcmeTestClient client = acme.client("default");
        Flows.expect(client.register(), 201);
        JwsSigner oldKey = client.signer;
        JwsSigner newKey = JwsSigner.ed25519();
        String url = client.url("/key-change");
        ObjectNode inner = newKey.keyChangeInner(url, client.accountUrl, oldKey.jwk());
        AcmeHttpResponse changed = client.postKid(url, JwsSigner.json(inner));
        assertThat(changed.status()).as(changed.bodyText()).isEqualTo(200);

        // the old (P-256) key no longer signs for the account, whose key is now Ed25519
        assertProblem(client.postAsGet(client.accountUrl), 400, "badSignatureAlgorithm");
        client.signer = newKey;
        assertThat(client.postAsGet(client.accountUrl).status()).isEqualTo(200);
        AcmeHttpResponse lookup = client.postJwk(client.url("/new-account"), "{\"onlyReturnExisting\":true}");
        assertThat(lookup.header("Location")).contains(client.accountUrl);
        assertThat(acme.store.accountByKey("default", oldKey.thumbprint())).isEmpty();
    }

    @Test
    void keyRolloverToAnotherAccountsKeyIs409WithItsLocation() {
        AcmeTestClient alice = acme.client("default");
        AcmeTestClient bob = acme.client("default");
        Flows.expect(alice.register(), 201);
        Flows.expect(bob.register(), 201);
        String url = alice.url("/key-change");
        AcmeHttpResponse conflict = alice.postKid(url, JwsSigner.json(bob.signer.keyChangeInner(url, alice.accountUrl,
                alice.signer.jwk())));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.header("Location")).contains(bob.accountUrl);
        assertThat(acme.store.accountByKey("default", alice.signer.thumbprint())).isPresent();
    }

    @Test
    void keyRolloverChecksTheInnerJws() {
        AcmeTestClient alice = acme.client("default");
        AcmeTestClient bob = acme.client("default");
        Flows.expect(alice.register(), 201);
        Flows.expect(bob.register(), 201);
        String url = alice.url("/key-change");
        JwsSigner next = JwsSigner.es384();
        assertProblem(alice.postKid(url, JwsSigner.json(next.keyChangeInner(url, bob.accountUrl, alice.signer.jwk()))),
                403, "unauthorized");
        assertProblem(alice.postKid(url, JwsSigner.json(next.keyChangeInner(url, alice.accountUrl, bob.signer.jwk()))),
                403, "unauthorized");
        assertProblem(alice.postKid(url, JwsSigner.json(next.keyChangeInner(alice.url("/new-order"), alice.accountUrl,
                alice.signer.jwk()))), 400, "malformed");
        ObjectNode forged = next.keyChangeInner(url, alice.accountUrl, alice.signer.jwk());
        forged.put("signature", JwsSigner.b64(new byte[96]));
        assertProblem(alice.postKid(url, JwsSigner.json(forged)), 400, "malformed");
        assertThat(acme.store.accountByKey("default", next.thumbprint())).isEmpty();
    }

    @Test
    void theOrdersListIsPaginatedOldestFirst() {
        AcmeTestClient client = acme.client("default");
        Flows.expect(client.register(), 201);
        List<String> created = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            AcmeHttpResponse order = client.newOrder("ip:127.0.0." + i);
            Flows.expect(order, 201);
            created.add(order.header("Location").orElseThrow());
            acme.clock.advance(java.time.Duration.ofSeconds(1));
        }
        List<String> listed = new ArrayList<>();
        String page = client.accountUrl + "/orders";
        int pages = 0;
        while (page != null) {
            AcmeHttpResponse response = client.postAsGet(page);
            assertThat(response.status()).isEqualTo(200);
            JsonNode orders = json(response).get("orders");
            assertThat(orders.size()).isLessThanOrEqualTo(2);
            listed.addAll(texts(orders));
            page = response.headers("Link").stream().filter(l -> l.endsWith(";rel=\"next\""))
                    .map(l -> l.substring(1, l.indexOf('>'))).findFirst().orElse(null);
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(listed).containsExactlyElementsOf(created);
        AcmeTestClient other = acme.client("default");
        Flows.expect(other.register(), 201);
        assertProblem(other.postAsGet(client.accountUrl + "/orders"), 403, "unauthorized");
    }
}
