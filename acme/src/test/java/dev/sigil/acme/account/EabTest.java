package dev.sigil.acme.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.http.AcmeHttpResponse;
import dev.sigil.acme.testing.AcmeHarness;
import dev.sigil.acme.testing.AcmeTestClient;
import dev.sigil.acme.testing.Flows;
import dev.sigil.acme.testing.JwsSigner;
import dev.sigil.storage.acme.EabKey;
import dev.sigil.storage.audit.AuditEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

import static dev.sigil.acme.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** External Account Binding (RFC 8555 §7.3.4): one key, one account, once; refusals leave nothing behind. */
class EabTest {

    @TempDir
    Path dir;
    AcmeHarness acme;
    byte[] hmac = new byte[32];

    @BeforeEach
    void start() throws Exception {
        acme = AcmeHarness.h2(dir);
        new SecureRandom().nextBytes(hmac);
        addKey("kid-1", "eab", hmac);
    }

    @AfterEach
    void stop() {
        acme.close();
    }

    private void addKey(String keyId, String directory, byte[] key) {
        acme.store.addEabKey(new EabKey(keyId, directory, "batch 7", key, acme.clock.instant(), Optional.empty(),
                Optional.empty()), AuditEvent.success(acme.clock.instant(), "operator", "acme.eab.create", keyId, ""));
    }

    private AcmeHttpResponse register(AcmeTestClient client, String keyId, byte[] key) {
        String url = client.url("/new-account");
        ObjectNode payload = (ObjectNode) JwsSigner.parse("{\"termsOfServiceAgreed\":true}".getBytes());
        payload.set("externalAccountBinding", JwsSigner.eab(keyId, key, url, client.signer.jwk()));
        AcmeHttpResponse response = client.postJwk(url, JwsSigner.json(payload));
        response.header("Location").ifPresent(l -> client.accountUrl = l);
        return response;
    }

    @Test
    void aGoodBindingCreatesTheAccountAndUsesTheKey() {
        AcmeTestClient device = acme.client("eab");
        AcmeHttpResponse response = register(device, "kid-1", hmac);
        assertThat(response.status()).as(response.bodyText()).isEqualTo(201);
        String accountId = device.accountUrl.substring(device.accountUrl.lastIndexOf('/') + 1);
        assertThat(acme.store.eabKey("kid-1").orElseThrow().boundAccountId()).contains(accountId);
        assertThat(acme.store.account(accountId).orElseThrow().eabKeyId()).contains("kid-1");
        assertThat(device.newOrder("ip:127.0.0.1").status()).isEqualTo(201);
    }

    @Test
    void withoutABindingTheDirectoryRefuses() {
        AcmeTestClient device = acme.client("eab");
        assertProblem(device.register(), 403, "externalAccountRequired");
        assertThat(acme.store.accountByKey("eab", device.signer.thumbprint())).isEmpty();
    }

    @Test
    void aBadMacIsUnauthorizedAndWritesNothing() {
        AcmeTestClient device = acme.client("eab");
        byte[] wrong = hmac.clone();
        wrong[0] ^= 1;
        assertProblem(register(device, "kid-1", wrong), 403, "unauthorized");
        assertThat(acme.store.accountByKey("eab", device.signer.thumbprint())).isEmpty();
        assertThat(acme.store.eabKey("kid-1").orElseThrow().boundAccountId()).isEmpty();
    }

    @Test
    void aUsedKeyCannotBindASecondAccount() {
        Flows.expect(register(acme.client("eab"), "kid-1", hmac), 201);
        AcmeTestClient second = acme.client("eab");
        assertProblem(register(second, "kid-1", hmac), 403, "unauthorized");
        assertThat(acme.store.accountByKey("eab", second.signer.thumbprint())).isEmpty();
    }

    @Test
    void unknownKeysAndKeysOfOtherDirectoriesAreUnauthorized() {
        addKey("kid-default", "default", hmac);
        AcmeTestClient device = acme.client("eab");
        assertProblem(register(device, "kid-default", hmac), 403, "unauthorized");
        assertProblem(register(device, "no-such-kid", hmac), 403, "unauthorized");
        assertThat(acme.store.accountByKey("eab", device.signer.thumbprint())).isEmpty();
        assertThat(acme.store.eabKey("kid-default").orElseThrow().boundAccountId()).isEmpty();
    }

    @Test
    void aBindingOfAnotherAccountKeyIsUnauthorized() {
        AcmeTestClient device = acme.client("eab");
        String url = device.url("/new-account");
        ObjectNode payload = (ObjectNode) JwsSigner.parse("{}".getBytes());
        payload.set("externalAccountBinding", JwsSigner.eab("kid-1", hmac, url, JwsSigner.es256().jwk()));
        assertProblem(device.postJwk(url, JwsSigner.json(payload)), 403, "unauthorized");
        assertThat(acme.store.eabKey("kid-1").orElseThrow().boundAccountId()).isEmpty();
    }
}
