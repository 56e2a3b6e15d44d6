package dev.sigil.acme.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.acme.http.AcmeHttpResponse;

import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A wire-level ACME client for tests: signs with {@link JwsSigner}, keeps the last Replay-Nonce, and offers the
 * steps of a flow. Every method returns the raw {@link AcmeHttpResponse} so tests assert on status and headers.
 */
public final class AcmeTestClient {

    public static final String JOSE = "application/jose+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AcmeHarness harness;
    private final String directory;
    public JwsSigner signer;
    public String accountUrl;
    private String nonce;

    AcmeTestClient(AcmeHarness harness, JwsSigner signer, String directory) {
        this.harness = harness;
        this.signer = signer;
        this.directory = directory;
    }

    public String url(String path) {
        return AcmeHarness.url(directory, path);
    }

    public String nonce() {
        if (nonce != null) {
            String n = nonce;
            nonce = null;
            return n;
        }
        AcmeHttpResponse head = harness.send("HEAD", url("/new-nonce"), Optional.empty(), new byte[0]);
        return head.header("Replay-Nonce").orElseThrow();
    }

    /** Forgets the last Replay-Nonce (e.g. after moving the clock past its lifetime). */
    public void dropNonce() {
        nonce = null;
    }

    public AcmeHttpResponse postRaw(String url, byte[] body) {
        AcmeHttpResponse response = harness.send("POST", url, Optional.of(JOSE), body);
        nonce = response.header("Replay-Nonce").orElse(null);
        return response;
    }

    public AcmeHttpResponse postJwk(String url, String payload) {
        return postRaw(url, signer.signWithJwk(url, nonce(), payload));
    }

    public AcmeHttpResponse postKid(String url, String payload) {
        return postRaw(url, signer.signWithKid(accountUrl, url, nonce(), payload));
    }

    public AcmeHttpResponse postAsGet(String url) {
        return postKid(url, "");
    }

    /** newAccount agreeing to the terms; remembers the account URL. */
    public AcmeHttpResponse register() {
        AcmeHttpResponse response = postJwk(url("/new-account"), "{\"termsOfServiceAgreed\":true}");
        response.header("Location").ifPresent(l -> accountUrl = l);
        return response;
    }

    /** newOrder for identifiers given as "dns:name" / "ip:address". */
    public AcmeHttpResponse newOrder(String... identifiers) {
        String ids = Arrays.stream(identifiers).map(i -> {
            int colon = i.indexOf(':');
            return "{\"type\":\"" + i.substring(0, colon) + "\",\"value\":\"" + i.substring(colon + 1) + "\"}";
        }).collect(Collectors.joining(","));
        return postKid(url("/new-order"), "{\"identifiers\":[" + ids + "]}");
    }

    /** Serves the key authorization on the harness's responder and answers the challenge; waits for validation. */
    public AcmeHttpResponse solveHttp01(JsonNode authorization) throws Exception {
        JsonNode challenge = challenge(authorization, "http-01");
        harness.http.provision(challenge.get("token").asText(), keyAuthorization(challenge.get("token").asText()));
        String url = challenge.get("url").asText();
        AcmeHttpResponse response = postKid(url, "{}");
        awaitValidation(url);
        return response;
    }

    public void awaitValidation(String challengeUrl) throws Exception {
        String id = challengeUrl.substring(challengeUrl.lastIndexOf('/') + 1);
        harness.frontEnd.validation(id).get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    public String keyAuthorization(String token) {
        return token + "." + signer.thumbprint();
    }

    public AcmeHttpResponse finalizeOrder(JsonNode order, byte[] csr) {
        return postKid(order.get("finalize").asText(), "{\"csr\":\"" + b64(csr) + "\"}");
    }

    public static JsonNode challenge(JsonNode authorization, String type) {
        for (JsonNode c : authorization.get("challenges")) {
            if (c.get("type").asText().equals(type)) {
                return c;
            }
        }
        throw new AssertionError("no " + type + " challenge in " + authorization);
    }

    public static JsonNode json(AcmeHttpResponse response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.bodyText(), e);
        }
    }

    public static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    public static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
