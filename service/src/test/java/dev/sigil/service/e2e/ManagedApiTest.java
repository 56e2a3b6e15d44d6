package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.TestServer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedData;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Managed certificates on the wire: lifecycle, credential formats, workload tokens and refusals. */
class ManagedApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static SigilServer server;
    static ApiClient api;
    static HttpClient raw;
    static String admin;
    static String operator;
    static String auditor;
    static X509Certificate root;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"), Map.of());
        api = new ApiClient(server.started().rootPem(), server.httpsPort());
        admin = TestServer.adminToken(server);
        operator = token("/api/v1/tokens", Map.of("name", "ops", "role", "operator"), "token");
        auditor = token("/api/v1/tokens", Map.of("name", "reader", "role", "auditor"), "token");
        try (InputStream in = Files.newInputStream(server.started().rootPem())) {
            root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", root);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        raw = HttpClient.newBuilder().sslContext(ssl).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String token(String path, Map<String, String> body, String field) throws Exception {
        HttpResponse<String> r = api.postJson(path, admin, JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path(field).asText();
    }

    static JsonNode create(String name, Map<String, Object> extra) throws Exception {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "commonName", name + ".internal",
                "sans", List.of("dns:" + name + ".internal", "ip:10.0.0.1"), "lifetime", "30d"));
        body.putAll(extra);
        HttpResponse<String> r = api.postJson("/api/v1/managed", operator, JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).contains("/api/v1/managed/" + name);
        return JSON.readTree(r.body());
    }

    static JsonNode problem(HttpResponse<?> r, int status, String type) throws Exception {
        String body = r.body() instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(r.body());
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode p = JSON.readTree(body);
        assertThat(p.path("type").asText()).isEqualTo("urn:sigil:problem:" + type);
        return p;
    }

    static HttpResponse<byte[]> get(String path, String token, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + server.httpsPort() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
        headers.forEach(b::header);
        return raw.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode credential(String name, String token) throws Exception {
        HttpResponse<String> r = api.get("/api/v1/managed/" + name + "/credential", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        return JSON.readTree(r.body());
    }

    static List<X509Certificate> certs(String pem) throws Exception {
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    static PrivateKey key(String pem, String algorithm) throws Exception {
        String b64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(b64)));
    }

    static boolean pairs(PrivateKey key, PublicKey pub) throws Exception {
        String alg = pub.getAlgorithm().equals("RSA") ? "SHA256withRSA"
                : pub.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "Ed25519";
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update("sigil".getBytes(StandardCharsets.US_ASCII));
        byte[] sig = s.sign();
        s.initVerify(pub);
        s.update("sigil".getBytes(StandardCharsets.US_ASCII));
        return s.verify(sig);
    }

    static void verifiesToRoot(X509Certificate leaf, List<X509Certificate> chain) throws Exception {
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        path.addAll(chain.stream().filter(c -> !c.equals(root)).toList());
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
    }

    @Test
    void createShowAndThePemCredentialIsAMatchingKeyAndAChainToTheRoot() throws Exception {
        JsonNode created = create("web", Map.of("renewAt", 0.6667, "owner", "team-web"));
        assertThat(created.path("state").asText()).isEqualTo("active");
        assertThat(created.path("currentVersion").asInt()).isEqualTo(1);
        assertThat(created.path("keyType").asText()).isEqualTo("EC_P256");
        assertThat(created.path("renewAt").asDouble()).isEqualTo(0.6667);
        assertThat(created.path("sans").toString()).contains("dns:web.internal", "ip:10.0.0.1");
        assertThat(created.path("createdBy").asText()).isEqualTo("ops");

        JsonNode shown = JSON.readTree(api.get("/api/v1/managed/web", auditor).body());
        assertThat(shown.path("history")).hasSize(1);
        assertThat(shown.path("history").get(0).path("serial").asText()).isEqualTo(created.path("currentSerial").asText());
        JsonNode listed = JSON.readTree(api.get("/api/v1/managed", auditor).body());
        assertThat(listed.path("items").findValuesAsText("name")).contains("web");

        JsonNode c = credential("web", operator);
        assertThat(c.path("version").asInt()).isEqualTo(1);
        assertThat(c.path("serial").asText()).isEqualTo(created.path("currentSerial").asText());
        X509Certificate leaf = certs(c.path("certificate").asText()).get(0);
        List<X509Certificate> chain = certs(c.path("chain").asText());
        assertThat(chain).isNotEmpty();
        assertThat(chain.get(chain.size() - 1)).as("the chain ends at the root").isEqualTo(root);
        assertThat(pairs(key(c.path("privateKey").asText(), "EC"), leaf.getPublicKey())).isTrue();
        verifiesToRoot(leaf, chain);

        JsonNode audit = JSON.readTree(api.get("/api/v1/audit?action=managed.credential.read", admin).body());
        assertThat(audit.path("items").findValuesAsText("target")).contains("web");
        assertThat(audit.toString()).contains("version=1").doesNotContain("PRIVATE KEY");
    }

    @Test
    void pkcs12IsProtectedByTheGivenPasswordAndHoldsKeyAndChain() throws Exception {
        create("p12", Map.of());
        HttpResponse<byte[]> r = get("/api/v1/managed/p12/credential", operator,
                Map.of("Accept", "application/x-pkcs12", "X-Sigil-Pkcs12-Password", "s3cret pass"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/x-pkcs12");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(new ByteArrayInputStream(r.body()), "s3cret pass".toCharArray());
        PrivateKey k = (PrivateKey) ks.getKey("p12", "s3cret pass".toCharArray());
        Certificate[] chain = ks.getCertificateChain("p12");
        assertThat(chain.length).isGreaterThanOrEqualTo(2);
        assertThat(pairs(k, chain[0].getPublicKey())).isTrue();
        assertThat(chain[chain.length - 1]).isEqualTo(root);

        assertThat(encryptionAlgorithms(r.body())).as("key and certificates under PBES2, no legacy 3DES/RC2")
                .isNotEmpty().containsOnly(PKCSObjectIdentifiers.id_PBES2);

        KeyStore wrong = KeyStore.getInstance("PKCS12");
        assertThatThrownBy(() -> wrong.load(new ByteArrayInputStream(r.body()), "guess".toCharArray()))
                .isInstanceOf(IOException.class);
        HttpResponse<byte[]> byQuery = get("/api/v1/managed/p12/credential?format=pkcs12", operator,
                Map.of("X-Sigil-Pkcs12-Password", "other"));
        assertThat(byQuery.headers().firstValue("Content-Type")).contains("application/x-pkcs12");
        JsonNode p = problem(get("/api/v1/managed/p12/credential?format=pkcs12", operator, Map.of()), 400, "malformed");
        assertThat(p.path("detail").asText()).contains("X-Sigil-Pkcs12-Password");
    }

    /** The encryption algorithm of every encrypted part of a PKCS#12: the shrouded key bags and encrypted data. */
    static List<ASN1ObjectIdentifier> encryptionAlgorithms(byte[] p12) throws Exception {
        List<ASN1ObjectIdentifier> out = new ArrayList<>();
        for (ContentInfo ci : new PKCS12PfxPdu(p12).getContentInfos()) {
            if (ci.getContentType().equals(PKCSObjectIdentifiers.encryptedData)) {
                out.add(EncryptedData.getInstance(ci.getContent()).getEncryptionAlgorithm().getAlgorithm());
                continue;
            }
            for (PKCS12SafeBag bag : new PKCS12SafeBagFactory(ci).getSafeBags()) {
                if (bag.getBagValue() instanceof PKCS8EncryptedPrivateKeyInfo k) {
                    out.add(k.getEncryptionAlgorithm().getAlgorithm());
                }
            }
        }
        return out;
    }

    @Test
    void rotateIssuesANewKeyAndDeleteEndsTheCredential() throws Exception {
        JsonNode first = create("rot", Map.of("renewBefore", "7d"));
        assertThat(first.path("renewBefore").asText()).isEqualTo("7d");
        JsonNode before = credential("rot", operator);

        HttpResponse<String> r = api.postJson("/api/v1/managed/rot/rotate", operator, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode rotated = JSON.readTree(r.body());
        assertThat(rotated.path("currentVersion").asInt()).isEqualTo(2);
        assertThat(rotated.path("currentSerial").asText()).isNotEqualTo(first.path("currentSerial").asText());
        assertThat(rotated.path("history")).hasSize(2);
        assertThat(rotated.path("history").get(0).has("supersededAt")).isTrue();
        JsonNode after = credential("rot", operator);
        assertThat(after.path("serial").asText()).isEqualTo(rotated.path("currentSerial").asText());
        assertThat(after.path("privateKey").asText()).isNotEqualTo(before.path("privateKey").asText());

        assertThat(api.send("DELETE", "/api/v1/managed/rot", operator, null, null).statusCode()).isEqualTo(204);
        problem(api.get("/api/v1/managed/rot/credential", operator), 404, "not-found");
    }

    @Test
    void workloadTokenReadsOnlyItsOwnCredential() throws Exception {
        create("wl-a", Map.of());
        create("wl-b", Map.of());
        problem(api.postJson("/api/v1/managed/wl-a/tokens", operator, "{\"name\":\"a\"}"), 403, "forbidden");
        problem(api.postJson("/api/v1/managed/absent/tokens", admin, "{\"name\":\"a\"}"), 404, "not-found");
        HttpResponse<String> made = api.postJson("/api/v1/managed/wl-a/tokens", admin, "{\"name\":\"wl-a-host\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode t = JSON.readTree(made.body());
        assertThat(t.path("role").asText()).isEqualTo("workload");
        assertThat(t.path("scope").asText()).isEqualTo("wl-a");
        String workload = t.path("secret").asText();

        assertThat(credential("wl-a", workload).path("name").asText()).isEqualTo("wl-a");
        JsonNode denied = problem(api.get("/api/v1/managed/wl-b/credential", workload), 403, "forbidden");
        assertThat(denied.path("detail").asText()).contains("wl-b");
        problem(api.get("/api/v1/managed", workload), 403, "forbidden");
        problem(api.get("/api/v1/managed/wl-a", workload), 403, "forbidden");
        problem(api.get("/api/v1/certificates", workload), 403, "forbidden");
        problem(api.postJson("/api/v1/managed/wl-a/rotate", workload, null), 403, "forbidden");
        JsonNode audit = JSON.readTree(api.get("/api/v1/audit?action=api.access&actor=wl-a-host", admin).body());
        assertThat(audit.path("items").findValuesAsText("outcome")).contains("denied");

        assertThat(api.send("DELETE", "/api/v1/tokens/" + t.path("id").asText(), admin, null, null).statusCode())
                .isEqualTo(204);
        problem(api.get("/api/v1/managed/wl-a/credential", workload), 401, "unauthorized");
    }

    @Test
    void refusalsWithoutTokenOrRole() throws Exception {
        problem(api.get("/api/v1/managed", null), 401, "unauthorized");
        problem(api.get("/api/v1/managed/web/credential", "sgl_bogus"), 401, "unauthorized");
        problem(api.postJson("/api/v1/managed", auditor, "{\"name\":\"x\",\"commonName\":\"x.internal\"}"), 403, "forbidden");
        problem(api.get("/api/v1/managed/web/credential", auditor), 403, "forbidden");
        JsonNode p = problem(api.postJson("/api/v1/tokens", admin, "{\"name\":\"w\",\"role\":\"workload\"}"), 400, "malformed");
        assertThat(p.path("detail").asText()).contains("/managed/");
        problem(api.get("/api/v1/managed/never-created", auditor), 404, "not-found");
        JsonNode own = problem(api.get("/api/v1/managed/sigil-https/credential", admin), 403, "forbidden");
        assertThat(own.path("detail").asText()).contains("not handed out");
        problem(api.postJson("/api/v1/managed/sigil-https/tokens", admin, "{\"name\":\"x\"}"), 403, "forbidden");
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("{\"name\":\"Bad_Name\",\"commonName\":\"a.internal\"}", "malformed", "name"),
                Arguments.of("{\"commonName\":\"a.internal\"}", "malformed", "name"),
                Arguments.of("{\"name\":\"a\",\"commonName\":\"a.internal\",\"renewAt\":1.5}", "malformed", "renewAt"),
                Arguments.of("{\"name\":\"a\",\"commonName\":\"a.internal\",\"renewAt\":\"soon\"}", "malformed", "renewAt"),
                Arguments.of("{\"name\":\"a\",\"commonName\":\"a.internal\",\"renewAt\":0.5,\"renewBefore\":\"1d\"}",
                        "malformed", "renewBefore"),
                Arguments.of("{\"name\":\"a\",\"commonName\":\"a.internal\",\"profile\":\"nope\"}", "policy", "nope"),
                Arguments.of("{\"name\":\"a\",\"commonName\":\"a.internal\",\"lifetime\":\"abc\"}", "malformed", "lifetime"),
                Arguments.of("{\"name\":\"a\",\"commonName\":\"a.internal\",\"keyType\":\"DSA\"}", "malformed", "keyType"),
                Arguments.of("{\"name\":\"a\",\"sans\":[\"email:a@b.internal\"]}", "malformed", "sans"),
                Arguments.of("{\"name\":\"a\",\"commonName\":\"a.internal\",\"revokeGrace\":\"1h\"}", "malformed",
                        "revokeSuperseded"),
                Arguments.of("{\"name\":\"a\"}", "malformed", "commonName"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsAProblemNamingTheField(String body, String type, String named) throws Exception {
        JsonNode p = problem(api.postJson("/api/v1/managed", operator, body), 400, type);
        assertThat(p.path("detail").asText()).contains(named);
    }
}
