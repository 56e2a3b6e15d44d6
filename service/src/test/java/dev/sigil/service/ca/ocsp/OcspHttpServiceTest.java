package dev.sigil.service.ca.ocsp;

import dev.sigil.service.testing.TestClock;
import dev.sigil.service.web.RelyingPartyListener.Request;
import dev.sigil.service.web.RelyingPartyListener.Response;
import dev.sigil.service.web.RelyingPartyListener.Route;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sigil.service.ca.ocsp.OcspTestBed.START;
import static dev.sigil.service.ca.ocsp.OcspTestBed.request;
import static dev.sigil.service.ca.ocsp.OcspTestBed.sha1Id;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OCSP routes without a socket: decoding GET requests (RFC 6960 A.1: base64 with '/', '+' and '=', url-encoded
 * or not), the POST body cap, and which answers are cacheable.
 */
class OcspHttpServiceTest {

    /** Bytes whose base64 contains '+', '/' and padding. */
    static final byte[] DER = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x30, 0x01};
    static final Duration VALIDITY = Duration.ofHours(1);

    @TempDir
    static Path dir;
    static OcspTestBed bed;
    static OcspHttpService service;

    @BeforeAll
    static void open() {
        bed = new OcspTestBed(dir);
        TestClock clock = new TestClock(START);
        OcspSigners signers = OcspSigners.issue(bed.registry, bed.issuance, Duration.ofDays(7), START);
        service = new OcspHttpService(new OcspResponder(bed.registry, signers, bed.db.certificates(), VALIDITY, clock),
                clock);
    }

    @AfterAll
    static void close() {
        bed.close();
    }

    @Test
    void base64IsReadWhetherUrlEncodedOrRaw() {
        String b64 = Base64.getEncoder().encodeToString(DER);
        assertThat(b64).contains("+").contains("/").endsWith("=");
        assertThat(OcspHttpService.decodeGet("/ocsp/" + b64)).hasValueSatisfying(b -> assertThat(b).isEqualTo(DER));
        assertThat(OcspHttpService.decodeGet("/ocsp/" + URLEncoder.encode(b64, StandardCharsets.US_ASCII)))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(DER));
        assertThat(OcspHttpService.decodeGet("/ocsp/" + Base64.getUrlEncoder().encodeToString(DER)))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(DER));
    }

    @Test
    void emptyOrNonBase64IsNothing() {
        assertThat(OcspHttpService.decodeGet("/ocsp/")).isEmpty();
        assertThat(OcspHttpService.decodeGet("/ocsp/%%%")).isEmpty();
        assertThat(OcspHttpService.decodeGet("/ocsp/not*base64")).isEmpty();
    }

    @Test
    void postIsAnsweredAndNeverCacheable() throws Exception {
        X509Certificate leaf = bed.issueLeaf(START, Duration.ofDays(30));
        Response r = handle("POST", "/ocsp", request(Optional.empty(), sha1Id(bed.intermediate.certificate(),
                leaf.getSerialNumber())));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("Content-Type", OcspHttpService.OCSP_RESPONSE)
                .containsEntry("Cache-Control", "no-store");
        BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(r.body()).getResponseObject();
        assertThat(basic.getResponses()[0].getCertStatus()).isSameAs(CertificateStatus.GOOD);
    }

    @Test
    void aPostBodyOverTheCapIsAMalformedRequestNotAnHttpError() throws Exception {
        Response r = handle("POST", "/ocsp", new byte[OcspHttpService.MAX_BODY + 1]);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("Content-Type", OcspHttpService.OCSP_RESPONSE)
                .containsEntry("Cache-Control", "no-store");
        assertThat(new OCSPResp(r.body()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    }

    @Test
    void aSuccessfulGetIsCacheableUntilNextUpdateAndAFailedOneIsNot() throws Exception {
        X509Certificate leaf = bed.issueLeaf(START, Duration.ofDays(30));
        String b64 = Base64.getEncoder().encodeToString(request(Optional.empty(),
                sha1Id(bed.intermediate.certificate(), leaf.getSerialNumber())));
        Response ok = handle("GET", "/ocsp/" + URLEncoder.encode(b64, StandardCharsets.US_ASCII), new byte[0]);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.headers()).containsEntry("Content-Type", OcspHttpService.OCSP_RESPONSE)
                .containsEntry("Cache-Control", "public, max-age=" + VALIDITY.toSeconds() + ", no-transform, must-revalidate")
                .containsEntry("Last-Modified", "Mon, 2 Mar 2026 10:00:00 GMT")
                .containsEntry("Expires", "Mon, 2 Mar 2026 11:00:00 GMT")
                .containsKey("ETag");
        assertThat(ok.headers().get("ETag")).matches("\"[0-9a-f]{64}\"");

        Response bad = handle("GET", "/ocsp/bm90IGFuIE9DU1AgcmVxdWVzdA%3D%3D", new byte[0]);
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.headers()).containsEntry("Cache-Control", "no-store").doesNotContainKey("ETag");
        assertThat(new OCSPResp(bad.body()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    }

    /** Runs the route the listener would pick: the first one of the method whose path matches. */
    static Response handle(String method, String rawPath, byte[] body) throws Exception {
        List<Route> routes = service.routes();
        Route route = routes.stream()
                .filter(r -> r.method().equals(method))
                .filter(r -> r.matches(rawPath))
                .findFirst().orElseThrow();
        return route.handler().handle(new Request(method, rawPath, rawPath, Map.of(), new ByteArrayInputStream(body)));
    }
}
