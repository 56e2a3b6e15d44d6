package dev.sigil.acme.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.acme.http.AcmeHttpResponse;
import dev.sigil.acme.testing.AcmeHarness;
import dev.sigil.acme.testing.AcmeTestClient;
import dev.sigil.acme.testing.JwsSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static dev.sigil.acme.testing.AcmeTestClient.json;
import static dev.sigil.acme.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP edge: methods, media type, size, unknown resources, nonces, and faults never leaking. */
class EdgeTest {

    @TempDir
    Path dir;
    AcmeHarness acme;

    @BeforeEach
    void start() throws Exception {
        acme = AcmeHarness.h2(dir, s -> s.maxBodyBytes(4096));
    }

    @AfterEach
    void stop() {
        acme.close();
    }

    @Test
    void newNonceAnswersHead200AndGet204WithoutCaching() {
        AcmeHttpResponse head = acme.send("HEAD", AcmeHarness.url("default", "/new-nonce"), Optional.empty(), new byte[0]);
        AcmeHttpResponse get = acme.get(AcmeHarness.url("default", "/new-nonce"));
        assertThat(head.status()).isEqualTo(200);
        assertThat(get.status()).isEqualTo(204);
        assertThat(head.header("Cache-Control")).contains("no-store");
        assertThat(get.header("Cache-Control")).contains("no-store");
        assertThat(get.body()).isEmpty();
        assertThat(head.header("Replay-Nonce")).isPresent().isNotEqualTo(get.header("Replay-Nonce"));
    }

    @Test
    void everyResponseHasADifferentNonce() {
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 150; i++) {
            nonces.add(acme.get(AcmeHarness.url("default", "/directory")).header("Replay-Nonce").orElseThrow());
        }
        assertThat(nonces).hasSize(150);
    }

    @Test
    void wrongMethodsAre405WithAllow() {
        AcmeHttpResponse put = acme.send("PUT", AcmeHarness.url("default", "/directory"), Optional.empty(), new byte[0]);
        assertProblem(put, 405, "malformed");
        assertThat(put.header("Allow")).contains("GET, HEAD");
        AcmeHttpResponse get = acme.get(AcmeHarness.url("default", "/new-order"));
        assertProblem(get, 405, "malformed");
        assertThat(get.header("Allow")).contains("POST");
    }

    @Test
    void unknownDirectoriesAndResourcesAre404() {
        AcmeHttpResponse noDirectory = acme.get(AcmeHarness.url("nope", "/directory"));
        assertProblem(noDirectory, 404, "malformed");
        assertThat(noDirectory.headers("Link")).isEmpty();
        assertProblem(acme.get(AcmeHarness.url("default", "/directory/")), 404, "malformed");
        assertProblem(acme.get(AcmeHarness.url("default", "")), 404, "malformed");
        AcmeTestClient client = acme.client("default");
        client.register();
        assertProblem(client.postAsGet(client.url("/order/doesnotexist")), 404, "malformed");
        assertProblem(client.postAsGet(client.url("/order/../../etc")), 404, "malformed");
    }

    @Test
    void postsNeedJoseJson() {
        AcmeTestClient client = acme.client("default");
        byte[] body = client.signer.signWithJwk(client.url("/new-account"), client.nonce(), "{}");
        AcmeHttpResponse json = acme.send("POST", client.url("/new-account"), Optional.of("application/json"), body);
        assertProblem(json, 415, "malformed");
        AcmeHttpResponse none = acme.send("POST", client.url("/new-account"), Optional.empty(), body);
        assertProblem(none, 415, "malformed");
        AcmeHttpResponse withCharset = acme.send("POST", client.url("/new-account"),
                Optional.of("application/jose+json; charset=utf-8"), body);
        assertThat(withCharset.status()).isEqualTo(201);
    }

    @Test
    void oversizedBodiesAre413AndChangeNothing() {
        AcmeTestClient client = acme.client("default");
        String padding = "x".repeat(5000);
        AcmeHttpResponse response = client.postJwk(client.url("/new-account"),
                "{\"termsOfServiceAgreed\":true,\"pad\":\"" + padding + "\"}");
        assertProblem(response, 413, "malformed");
        assertThat(acme.store.accountByKey("default", client.signer.thumbprint())).isEmpty();
    }

    @Test
    void unexpectedFaultsAre500WithACorrelationIdAndNoInternals() {
        AcmeTestClient client = acme.client("default");
        client.register();
        acme.ca.fault = new IllegalStateException("secret: connection string jdbc:mariadb://db/sigil");
        AcmeHttpResponse response = client.newOrder("ip:127.0.0.1");
        JsonNode problem = assertProblem(response, 500, "serverInternal");
        assertThat(problem.get("detail").asText()).matches("internal error; reference [A-Za-z0-9_-]{8}")
                .doesNotContain("secret");
        assertThat(response.bodyText()).doesNotContain("jdbc").doesNotContain("IllegalStateException");
    }

    @Test
    void aDatabaseOutageIs503WithRetryAfter() {
        AcmeTestClient client = acme.client("default");
        String nonce = client.nonce();
        acme.database.close();
        AcmeHttpResponse response = acme.send("POST", client.url("/new-account"),
                Optional.of(AcmeTestClient.JOSE), client.signer.signWithJwk(client.url("/new-account"), nonce, "{}"));
        assertProblem503(response);
    }

    private static void assertProblem503(AcmeHttpResponse response) {
        assertThat(response.status()).as(response.bodyText()).isEqualTo(503);
        assertThat(json(response).get("type").asText()).isEqualTo("urn:ietf:params:acme:error:serverInternal");
        assertThat(response.header("Retry-After")).contains("30");
    }

    @Test
    void directoryMetaCarriesTermsWebsiteAndCaa() {
        JsonNode meta = json(acme.get(AcmeHarness.url("tos", "/directory"))).get("meta");
        assertThat(meta.get("termsOfService").asText()).isEqualTo(AcmeHarness.TERMS.toString());
        assertThat(meta.get("website").asText()).isEqualTo("https://acme.test/");
        assertThat(meta.get("caaIdentities").get(0).asText()).isEqualTo("acme.test");
        assertThat(json(acme.get(AcmeHarness.url("eab", "/directory"))).at("/meta/externalAccountRequired")
                .asBoolean()).isTrue();
    }

    @Test
    void anEmptyOrNonJwsBodyIsMalformed() {
        AcmeTestClient client = acme.client("default");
        assertProblem(client.postRaw(client.url("/new-account"), new byte[0]), 400, "malformed");
        assertProblem(client.postRaw(client.url("/new-account"), "hello".getBytes(StandardCharsets.UTF_8)), 400,
                "malformed");
        assertThat(JwsSigner.es256()).isNotNull();
    }
}
