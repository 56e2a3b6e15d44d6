package dev.sigil.service.e2e;

import dev.sigil.service.SigilServer;
import dev.sigil.service.ca.x509.Pem;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.Crls;
import dev.sigil.service.testing.TestServer;
import dev.sigil.storage.crl.PublishedCrl;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.Map;

import static dev.sigil.service.e2e.CrlPublicationTest.await;
import static dev.sigil.service.e2e.CrlPublicationTest.issue;
import static dev.sigil.service.e2e.CrlPublicationTest.latest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delta CRLs on a running Sigil (embedded H2): a revocation through the API appears on the delta CRL at the URL the
 * full CRL's Freshest CRL extension names, within the revocation delay, while the full CRL keeps its number.
 */
class CrlDeltaPublicationTest {

    @TempDir
    Path dir;

    @Test
    void aRevocationIsOnTheDeltaAtTheFreshestCrlUrlWhileTheFullCrlKeepsItsNumber() throws Exception {
        try (SigilServer server = TestServer.start(dir, Map.of("sigil.crl.revocation-delay", "2s"))) {
            ApiClient api = new ApiClient(server.started().rootPem(), server.httpsPort());
            String token = TestServer.adminToken(server);
            String serial = issue(api, token, "delta.internal");
            PublishedCrl full = await(() -> latest(server), Duration.ofSeconds(20)); // the tick's first CRL
            String issuer = full.issuerId();
            String fullUrl = "http://127.0.0.1:" + server.httpPort() + "/crl/" + issuer + ".crl";
            HttpResponse<byte[]> fullBefore = ApiClient.plainGet(fullUrl);
            assertThat(fullBefore.statusCode()).isEqualTo(200);
            String freshest = freshestUrl(fullBefore.body());
            assertThat(freshest).endsWith("/crl/" + issuer + ".delta.crl");
            String deltaUrl = "http://127.0.0.1:" + server.httpPort() + URI.create(freshest).getPath();

            HttpResponse<String> r = api.postJson("/api/v1/certificates/" + serial + "/revoke", token,
                    "{\"reason\":\"keyCompromise\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            // 2 s window + the CDP's 1 s recheck, with room for a slow machine
            HttpResponse<byte[]> delta = Crls.awaitListing(deltaUrl, serial, Duration.ofSeconds(15));

            assertThat(delta.statusCode()).isEqualTo(200);
            assertThat(Crls.lists(delta.body(), serial)).as("the delta lists the revocation").isTrue();
            assertThat(delta.headers().firstValue("Content-Type")).contains("application/pkix-crl");
            X509CRLHolder holder = new X509CRLHolder(delta.body());
            Extension indicator = holder.getExtension(Extension.deltaCRLIndicator);
            assertThat(indicator.isCritical()).isTrue();
            assertThat(CRLNumber.getInstance(indicator.getParsedValue()).getCRLNumber())
                    .isEqualTo(BigInteger.valueOf(full.number()));
            X509CRL jdk = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(delta.body()));
            jdk.verify(Pem.parseCertificate(server.database().issuers().list().stream()
                    .filter(i -> i.id().equals(issuer)).findFirst().orElseThrow().certificateDer()).getPublicKey());

            assertThat(latest(server)).as("no new full CRL").contains(full);
            HttpResponse<byte[]> fullAfter = ApiClient.plainGet(fullUrl);
            assertThat(fullAfter.body()).isEqualTo(fullBefore.body());
            assertThat(Crls.lists(fullAfter.body(), serial)).isFalse();

            String etag = delta.headers().firstValue("ETag").orElseThrow();
            assertThat(delta.headers().firstValue("Last-Modified")).isPresent();
            assertThat(delta.headers().firstValue("Expires")).isPresent();
            String cacheControl = delta.headers().firstValue("Cache-Control").orElseThrow();
            assertThat(Long.parseLong(cacheControl.replaceAll(".*max-age=(\\d+).*", "$1"))).isBetween(1L, 300L);
            HttpResponse<byte[]> revalidated = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(deltaUrl))
                    .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(revalidated.statusCode()).isEqualTo(304);

            HttpResponse<byte[]> unknown = ApiClient.plainGet("http://127.0.0.1:" + server.httpPort() + "/crl/nope.delta.crl");
            assertThat(unknown.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void withDeltasOffThereIsNoDeltaUrlAndRevocationsRepublishTheFullCrl() throws Exception {
        try (SigilServer server = TestServer.start(dir, Map.of("sigil.crl.delta.enabled", "false",
                "sigil.crl.revocation-delay", "2s"))) {
            ApiClient api = new ApiClient(server.started().rootPem(), server.httpsPort());
            String token = TestServer.adminToken(server);
            String serial = issue(api, token, "nodelta.internal");
            PublishedCrl full = await(() -> latest(server), Duration.ofSeconds(20));
            String base = "http://127.0.0.1:" + server.httpPort() + "/crl/" + full.issuerId();
            HttpResponse<byte[]> fullBefore = ApiClient.plainGet(base + ".crl");
            assertThat(new X509CRLHolder(fullBefore.body()).getExtension(Extension.freshestCRL)).isNull();
            assertThat(ApiClient.plainGet(base + ".delta.crl").statusCode()).isEqualTo(404);

            HttpResponse<String> r = api.postJson("/api/v1/certificates/" + serial + "/revoke", token,
                    "{\"reason\":\"superseded\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            PublishedCrl after = await(() -> latest(server).filter(l -> l.entries() == 1), Duration.ofSeconds(15));
            assertThat(after.number()).isGreaterThan(full.number());
            assertThat(server.database().crls().latestDelta(full.issuerId())).isEmpty();
        }
    }

    private static String freshestUrl(byte[] crl) throws Exception {
        Extension freshest = new X509CRLHolder(crl).getExtension(Extension.freshestCRL);
        assertThat(freshest).as("the full CRL points at its delta").isNotNull();
        GeneralNames names = (GeneralNames) CRLDistPoint.getInstance(freshest.getParsedValue()).getDistributionPoints()[0]
                .getDistributionPoint().getName();
        return names.getNames()[0].getName().toString();
    }
}
