package dev.sigil.acme.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.ari.CertId;
import dev.sigil.acme.certificate.CertificateFacts;
import dev.sigil.acme.certificate.CertificateFactsTest;
import dev.sigil.acme.http.AcmeHttpResponse;
import dev.sigil.acme.ratelimit.RateLimit;
import dev.sigil.acme.ratelimit.RateLimitSettings;
import dev.sigil.acme.testing.AcmeHarness;
import dev.sigil.acme.testing.AcmeTestClient;
import dev.sigil.acme.testing.Csrs;
import dev.sigil.acme.testing.Flows;
import dev.sigil.acme.testing.JwsSigner;
import dev.sigil.storage.acme.EabKey;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.testing.fuzz.FuzzLoop;
import dev.sigil.storage.testing.fuzz.Mutator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the ACME front end's JWS/JSON parsing on newAccount (also with EAB), newOrder, finalize,
 * keyChange (with its inner JWS) and revokeCert (with mutated certificate DER), and
 * renewalInfo (RFC 9773, mutated certificate IDs in the GET path) through {@code AcmeFrontEnd.handle}
 * (the {@link AcmeHarness}, H2): mutated flattened-JWS bodies built from real signed seeds, some re-signed after the
 * mutation so that it reaches the payload's handler. Every answer must be a 4xx ACME problem (or a 2xx where the
 * mutation stayed valid), never a 5xx, never an exception, each within a time bound. See docs/FUZZING.md.
 */
class AcmeJwsFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RateLimit UNLIMITED = RateLimit.perMinute(1_000_000);
    private static final List<String> ACCOUNT_PAYLOADS = List.of("{\"termsOfServiceAgreed\":true}",
            "{\"termsOfServiceAgreed\":true,\"contact\":[\"mailto:ops@example.com\"]}", "{\"onlyReturnExisting\":true}",
            "{\"contact\":[\"mailto:a@example.com\",\"mailto:b@example.org\"],\"termsOfServiceAgreed\":true}");
    private static final List<String> ORDER_PAYLOADS = List.of(
            "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"www.example.com\"}]}",
            "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"a.example.com\"},{\"type\":\"ip\",\"value\":\"192.0.2.1\"}]}",
            "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"b.example.com\"}],\"notBefore\":\"2030-01-01T00:00:00Z\","
                    + "\"notAfter\":\"2030-01-08T00:00:00Z\"}",
            "{\"identifiers\":[{\"type\":\"ip\",\"value\":\"2001:db8::1\"}],\"replaces\":\"aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE\"}");
    private static final String IDENTIFIER = "fuzz.sigil.test";
    private static final String EAB_KID = "fuzz-kid";
    private static final byte[] EAB_HMAC = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    static AcmeHarness harness;
    static AcmeTestClient client;
    static AcmeTestClient eabClient;
    static byte[] certificate;
    static String certId;
    static volatile Flows.Order readyOrder;
    static byte[] csr;
    /** Every "resource status type" outcome seen, to show how deep the mutations reach. */
    static final Set<String> OUTCOMES = ConcurrentHashMap.newKeySet();

    /** One request: which resource, its URL, the body, and how the body was made. */
    record AcmeInput(String resource, String method, String url, byte[] body, String how, JwsSigner newKey) {
        String describe() {
            return resource + " " + method + " " + url + " " + how + " body \"" + FuzzLoop.escape(new String(body, StandardCharsets.UTF_8)) + "\"";
        }
    }

    @BeforeAll
    static void start() throws Exception {
        harness = AcmeHarness.h2(dir, s -> s.rateLimits(new RateLimitSettings(UNLIMITED, UNLIMITED, UNLIMITED,
                UNLIMITED)));
        client = harness.client("default");
        Flows.expect(client.register(), 201);
        csr = Csrs.csr(List.of("dns:" + IDENTIFIER));
        certificate = Flows.certificate(client, "dns:" + IDENTIFIER).getEncoded();
        certId = CertId.of(CertificateFacts.parse(certificate)).text();
        readyOrder = Flows.readyOrder(client, "dns:" + IDENTIFIER);
        eabClient = harness.client("eab");
        harness.store.addEabKey(new EabKey(EAB_KID, "eab", "fuzz", EAB_HMAC, harness.clock.instant(),
                Optional.empty(), Optional.empty()), AuditEvent.success(harness.clock.instant(), "operator",
                "acme.eab.create", EAB_KID, ""));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void mutatedRequestsGetAcmeProblemsNeverServerErrors() {
        int checked = FuzzLoop.run("acme-jws", 2500, Duration.ofSeconds(10), AcmeJwsFuzzTest::generate,
                AcmeInput::describe, AcmeJwsFuzzTest::check);
        assertThat(checked).isEqualTo(FuzzLoop.iterations(2500));
        System.out.println("fuzz acme-jws outcomes: " + new TreeSet<>(OUTCOMES));
        // The mutations get past the JWS layer into each handler: CSR checks in finalize, identifier checks in
        // newOrder, the inner JWS of keyChange.
        assertThat(OUTCOMES).contains("finalize 400 malformed", "finalize 400 badCSR", "newOrder 400 malformed",
                "newOrder 201", "keyChange 400 malformed", "newAccount 200", "newAccountEab 400 malformed", "revokeCert 400 malformed",
                "renewalInfo 400 malformed");
    }

    /** Regression: revokeCert with a certificate whose AKI extension does not decode was a 500 (docs/FUZZING.md). */
    @Test
    void revokeCertWithAnUndecodableExtensionIsMalformedNotAServerError() throws Exception {
        String url = client.url("/revoke-cert");
        AcmeInput input = new AcmeInput("revokeCert", "POST", url, JwsSigner.bytes(client.signer.jwsWithKid(client.accountUrl,
                url, client.nonce(), "{\"certificate\":\"" + CertificateFactsTest.TRUNCATED_AKI + "\"}")), "regression",
                null);
        AcmeHttpResponse response = harness.send("POST", url, Optional.of(AcmeTestClient.JOSE), input.body());
        assertThat(response.status()).as(response.bodyText()).isEqualTo(400);
        assertThat(AcmeTestClient.json(response).path("type").asText()).isEqualTo("urn:ietf:params:acme:error:malformed");
    }

    static AcmeInput generate(Mutator m) {
        String resource = m.pick(List.of("newAccount", "newAccountEab", "newOrder", "finalize", "keyChange",
                "revokeCert", "renewalInfo"));
        if (resource.equals("renewalInfo")) { // RFC 9773: a GET whose path carries the certificate ID
            String id = m.chance(50) ? m.damageBase64(certId) : m.mutateText(certId, List.of());
            return new AcmeInput(resource, "GET", client.url("/renewal-info/") + id, new byte[0], "certId", null);
        }
        AcmeTestClient who = resource.equals("newAccountEab") ? eabClient : client;
        JwsSigner signer = who.signer;
        String url;
        String payload;
        JwsSigner newKey = null;
        switch (resource) {
            case "newAccount" -> {
                url = client.url("/new-account");
                payload = m.pick(ACCOUNT_PAYLOADS);
            }
            case "newOrder" -> {
                url = client.url("/new-order");
                payload = m.chance(75) ? m.pick(ORDER_PAYLOADS) : "{\"identifiers\":[{\"type\":\"dns\",\"value\":\""
                        + IDENTIFIER + "\"}],\"replaces\":\"" + certId + "\"}";
            }
            case "newAccountEab" -> {
                url = eabClient.url("/new-account");
                payload = "{\"termsOfServiceAgreed\":true,\"externalAccountBinding\":" + eab(m, url) + "}";
            }
            case "revokeCert" -> {
                url = client.url("/revoke-cert");
                payload = "{\"certificate\":\"" + JwsSigner.b64(certificate) + "\",\"reason\":1}";
            }
            case "keyChange" -> {
                url = client.url("/key-change");
                newKey = JwsSigner.es256();
                payload = keyChangeInner(m, newKey, url);
            }
            default -> {
                url = order().json().get("finalize").asText();
                payload = "{\"csr\":\"" + JwsSigner.b64(csr) + "\"}";
            }
        }
        boolean byJwk = resource.startsWith("newAccount");
        ObjectNode header = signer.header(url, who.nonce());
        if (byJwk) {
            header.set("jwk", signer.jwk());
        } else {
            header.put("kid", client.accountUrl);
        }
        String headerJson = JwsSigner.json(header);
        AcmeInput input = switch (m.nextInt(6)) {
            case 0 -> signed(signer, resource, url, "payload JSON re-signed", headerJson, m.mutateJson(payload));
            case 1 -> switch (resource) {
                case "finalize" -> signed(signer, resource, url, "CSR DER re-signed", headerJson,
                        "{\"csr\":\"" + JwsSigner.b64(m.mutateBytes(csr, List.of())) + "\"}");
                case "revokeCert" -> signed(signer, resource, url, "certificate DER re-signed", headerJson,
                        "{\"certificate\":\"" + JwsSigner.b64(m.mutateBytes(certificate, List.of())) + "\"}");
                default -> signed(signer, resource, url, "payload text re-signed", headerJson,
                        m.mutateText(payload, List.of()));
            };
            case 2 -> signed(signer, resource, url, "header JSON re-signed", m.mutateJson(headerJson), payload);
            case 3 -> raw(resource, url, "outer JSON", m.mutateJson(JwsSigner.json(signer.signRaw(headerJson,
                    payload))).getBytes(StandardCharsets.UTF_8));
            case 4 -> raw(resource, url, "outer bytes", m.mutateBytes(JwsSigner.bytes(signer.signRaw(headerJson,
                    payload)), List.of()));
            default -> {
                ObjectNode jws = signer.signRaw(headerJson, payload);
                String part = m.pick(List.of("protected", "payload", "signature"));
                jws.put(part, m.damageBase64(jws.get(part).asText()));
                yield raw(resource, url, "base64 of " + part, JwsSigner.bytes(jws));
            }
        };
        return new AcmeInput(input.resource(), "POST", input.url(), input.body(), input.how(), newKey);
    }

    /** keyChange's payload, the inner JWS signed by the new key: intact, or its header or payload mutated. */
    private static String keyChangeInner(Mutator m, JwsSigner newKey, String url) {
        ObjectNode header = JSON.createObjectNode();
        header.put("alg", newKey.algorithm());
        header.set("jwk", newKey.jwk());
        header.put("url", url);
        ObjectNode payload = JSON.createObjectNode();
        payload.put("account", client.accountUrl);
        payload.set("oldKey", client.signer.jwk());
        String headerJson = JwsSigner.json(header);
        String payloadJson = JwsSigner.json(payload);
        return JwsSigner.json(switch (m.nextInt(3)) {
            case 0 -> newKey.signRaw(m.mutateJson(headerJson), payloadJson);
            case 1 -> newKey.signRaw(headerJson, m.mutateJson(payloadJson));
            default -> newKey.signRaw(headerJson, payloadJson);
        });
    }

    private static AcmeInput signed(JwsSigner signer, String resource, String url, String how, String headerJson,
                                    String payload) {
        return raw(resource, url, how, JwsSigner.bytes(signer.signRaw(headerJson, payload)));
    }

    /** newAccount's externalAccountBinding for the EAB directory: intact, or its header or payload mutated. */
    private static String eab(Mutator m, String url) {
        String header = "{\"alg\":\"HS256\",\"kid\":\"" + EAB_KID + "\",\"url\":\"" + url + "\"}";
        String jwk = JwsSigner.json(eabClient.signer.jwk());
        return JwsSigner.json(switch (m.nextInt(3)) {
            case 0 -> JwsSigner.eabRaw(m.mutateJson(header), jwk, EAB_HMAC, "HS256");
            case 1 -> JwsSigner.eabRaw(header, m.mutateJson(jwk), EAB_HMAC, "HS256");
            default -> JwsSigner.eabRaw(header, jwk, EAB_HMAC, "HS256");
        });
    }

    private static AcmeInput raw(String resource, String url, String how, byte[] body) {
        return new AcmeInput(resource, "POST", url, body, how, null);
    }

    /** The ready order finalize mutations aim at; a new one once a mutation happened to finalize it. */
    private static Flows.Order order() {
        if (readyOrder == null) {
            try {
                readyOrder = Flows.readyOrder(client, "dns:" + IDENTIFIER);
            } catch (Exception e) {
                throw new IllegalStateException("cannot make a ready order", e);
            }
        }
        return readyOrder;
    }

    static void check(AcmeInput input) throws Exception {
        if (!input.url().startsWith(AcmeHarness.BASE + "/acme/")) {
            return; // a mutation of the path outside the harness's URL space; nothing to send
        }
        AcmeHttpResponse response = input.method().equals("GET") ? harness.get(input.url())
                : harness.send("POST", input.url(), Optional.of(AcmeTestClient.JOSE), input.body());
        int status = response.status();
        assertThat(status).as(response.bodyText()).isBetween(200, 499);
        assertThat(response.header("Replay-Nonce")).isPresent();
        if (status >= 400) {
            assertThat(response.header("Content-Type")).contains("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("type").asText()).startsWith("urn:ietf:params:acme:error:");
            OUTCOMES.add(input.resource() + " " + status + " "
                    + problem.path("type").asText().substring("urn:ietf:params:acme:error:".length()));
            assertThat(problem.path("status").asInt()).isEqualTo(status);
            assertThat(problem.path("detail").asText()).isNotBlank().doesNotContain("Exception");
        } else {
            assertThat(status).as(response.bodyText()).isIn(200, 201, 204);
            OUTCOMES.add(input.resource() + " " + status);
            if (input.resource().equals("finalize")) {
                readyOrder = null;
            }
            if (input.resource().equals("keyChange")) {
                client.signer = input.newKey(); // the mutation stayed valid: the account has the new key now
            }
        }
    }
}
