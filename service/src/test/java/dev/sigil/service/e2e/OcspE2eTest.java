package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.Openssl;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.service.testing.TestServer;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OCSP responder on a real server: a certificate issued through the admin API points at it, the real
 * {@code openssl ocsp -url} (whose HTTP client speaks HTTP/1.0) asks it and verifies its answers through the
 * delegated responder up to the root, a revocation shows in the very next answer, and GET requests (RFC 6960 A.1)
 * come back cacheable.
 */
class OcspE2eTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static SigilServer server;
    static ApiClient api;
    static String admin;
    static HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"), Map.of());
        api = new ApiClient(server.started().rootPem(), server.httpsPort());
        admin = TestServer.adminToken(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    String url() {
        return "http://127.0.0.1:" + server.httpPort() + "/ocsp";
    }

    /** Issues a certificate through the admin API; writes NAME.pem and issuer.pem; returns the certificate. */
    X509Certificate issue(String name) throws Exception {
        String csr = TestCsrs.csr(KeyType.EC_P256, "CN=" + name, name);
        HttpResponse<String> r = api.postJson("/api/v1/certificates", admin,
                JSON.writeValueAsString(Map.of("csr", csr, "profile", "server")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode c = JSON.readTree(r.body());
        Files.writeString(dir.resolve(name + ".pem"), c.path("certificatePem").asText());
        Files.writeString(dir.resolve("issuer.pem"), c.path("chainPem").asText());
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(c.path("certificatePem").asText().getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Asks about {@code target} ({@code -cert FILE} or {@code -serial N}) with the real {@code openssl ocsp -url}:
     * its own HTTP/1.0 client POSTs the request (SHA-1 CertID and a nonce), and it checks the answer (signature,
     * delegated responder chain up to the root, nonce) and prints the summary line ("TARGET: good").
     */
    String ocsp(String... target) throws Exception {
        String root = server.started().rootPem().toString();
        String out = Openssl.ok(dir, concat(new String[]{"ocsp", "-issuer", "issuer.pem", "-url", url(),
                "-CAfile", root, "-resp_text", "-timeout", "30"}, target));
        assertThat(out).contains("Response verify OK").doesNotContain("WARNING");
        return out;
    }

    static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void opensslVerifiesGoodThenRevokedImmediatelyAndUnknown() throws Exception {
        X509Certificate cert = issue("web.ocsp.internal");
        AuthorityInformationAccess aia = AuthorityInformationAccess.fromExtensions(
                new JcaX509CertificateHolder(cert).getExtensions());
        assertThat(Arrays.stream(aia.getAccessDescriptions())
                .filter(d -> d.getAccessMethod().equals(AccessDescription.id_ad_ocsp))
                .map(d -> ASN1IA5String.getInstance(d.getAccessLocation().getName()).getString()))
                .containsExactly("http://localhost:" + server.httpPort() + "/ocsp");

        String good = ocsp("-cert", "web.ocsp.internal.pem");
        assertThat(good).contains("web.ocsp.internal.pem: good").contains("Cert Status: good")
                .contains("OCSP Signing").contains("OCSP No Check").contains("Next Update:");

        HttpResponse<String> revoked = api.postJson("/api/v1/certificates/" + cert.getSerialNumber().toString(16) + "/revoke",
                admin, "{\"reason\":\"keyCompromise\"}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(ocsp("-cert", "web.ocsp.internal.pem"))
                .contains("web.ocsp.internal.pem: revoked").contains("Reason: keyCompromise");

        assertThat(ocsp("-serial", "0x1234")).contains("0x1234: unknown");
    }

    @Test
    void getRequestsAreAnsweredWithCacheHeadersAlsoWhenTheBase64HasSlashesAndPluses() throws Exception {
        X509Certificate cert = issue("get.ocsp.internal");
        X509Certificate issuer = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(dir.resolve("issuer.pem")));
        HttpResponse<byte[]> r = get(URLEncoder.encode(base64Request(issuer, cert.getSerialNumber()), StandardCharsets.US_ASCII));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/ocsp-response");
        String cacheControl = r.headers().firstValue("Cache-Control").orElseThrow();
        Matcher maxAge = Pattern.compile("public, max-age=(\\d+), no-transform, must-revalidate").matcher(cacheControl);
        assertThat(maxAge.matches()).as(cacheControl).isTrue();
        assertThat(Long.parseLong(maxAge.group(1))).isBetween(3500L, 3600L);
        assertThat(r.headers().firstValue("ETag")).hasValueSatisfying(e -> assertThat(e).matches("\"[0-9a-f]{64}\""));
        assertThat(r.headers().firstValue("Last-Modified")).isPresent();
        BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(r.body()).getResponseObject();
        assertThat(basic.getResponses()[0].getCertStatus()).isSameAs(CertificateStatus.GOOD);

        // A serial whose request encodes with '/' and '+', sent both raw (as many clients do) and url-encoded.
        String tricky = null;
        for (int s = 1; tricky == null; s++) {
            String b64 = base64Request(issuer, BigInteger.valueOf(s));
            tricky = b64.contains("/") && b64.contains("+") ? b64 : null;
        }
        for (String path : new String[]{tricky, URLEncoder.encode(tricky, StandardCharsets.US_ASCII)}) {
            HttpResponse<byte[]> u = get(path);
            assertThat(u.statusCode()).as(path).isEqualTo(200);
            OCSPResp resp = new OCSPResp(u.body());
            assertThat(resp.getStatus()).as(path).isEqualTo(OCSPResp.SUCCESSFUL);
            assertThat(((BasicOCSPResp) resp.getResponseObject()).getResponses()[0].getCertStatus())
                    .isInstanceOf(UnknownStatus.class);
        }
    }

    @Test
    void malformedRequestsAreOcspErrorsNotHttpErrors() throws Exception {
        HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(URI.create(url()))
                .header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray("garbage".getBytes(StandardCharsets.US_ASCII))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.headers().firstValue("Content-Type")).contains("application/ocsp-response");
        assertThat(new OCSPResp(post.body()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
        assertThat(post.headers().firstValue("Cache-Control")).contains("no-store");

        HttpResponse<byte[]> get = get("bm90IGFuIE9DU1AgcmVxdWVzdA%3D%3D");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(new OCSPResp(get.body()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    }

    HttpResponse<byte[]> get(String encodedRequest) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url() + "/" + encodedRequest)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static String base64Request(X509Certificate issuer, BigInteger serial) throws Exception {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuer), serial);
        return Base64.getEncoder().encodeToString(new OCSPReqBuilder().addRequest(id).build().getEncoded());
    }
}
