package dev.sigil.acme.ari;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.acme.http.AcmeHttpResponse;
import dev.sigil.acme.testing.AcmeHarness;
import dev.sigil.acme.testing.AcmeTestClient;
import dev.sigil.acme.testing.Flows;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

import static dev.sigil.acme.testing.AcmeTestClient.json;
import static dev.sigil.acme.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** ACME Renewal Information (RFC 9773): certificate IDs, windows, Retry-After, overrides, and "replaces". */
class RenewalInfoTest {

    @TempDir
    Path dir;
    AcmeHarness acme;
    AcmeTestClient alice;
    X509Certificate cert;
    String certId;

    @BeforeEach
    void start() throws Exception {
        acme = AcmeHarness.h2(dir);
        alice = acme.client("default");
        Flows.expect(alice.register(), 201);
        cert = Flows.certificate(alice, "ip:127.0.0.1");
        certId = certId(cert);
    }

    @AfterEach
    void stop() {
        acme.close();
    }

    /** Computed independently of CertId: AKI keyIdentifier and the serial's DER content octets. */
    static String certId(X509Certificate cert) throws Exception {
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.fromExtensions(new JcaX509CertificateHolder(cert)
                .getExtensions());
        return AcmeTestClient.b64(aki.getKeyIdentifier()) + "." + AcmeTestClient.b64(cert.getSerialNumber()
                .toByteArray());
    }

    private AcmeHttpResponse renewalInfo(String id) {
        return acme.get(alice.url("/renewal-info/" + id));
    }

    @Test
    void theDefaultWindowIsTwoThirdsToFiveSixthsOfTheLifetime() {
        AcmeHttpResponse response = renewalInfo(certId);
        assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
        assertThat(response.header("Retry-After")).contains("21600");
        assertThat(response.header("Replay-Nonce")).isPresent();
        JsonNode window = json(response).get("suggestedWindow");
        Instant nb = cert.getNotBefore().toInstant();
        Duration lifetime = Duration.between(nb, cert.getNotAfter().toInstant());
        Instant start = Instant.parse(window.get("start").asText());
        Instant end = Instant.parse(window.get("end").asText());
        assertThat(Duration.between(nb.plus(lifetime.multipliedBy(2).dividedBy(3)), start).abs())
                .isLessThan(Duration.ofSeconds(2));
        assertThat(Duration.between(nb.plus(lifetime.multipliedBy(5).dividedBy(6)), end).abs())
                .isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void unknownAndMalformedIdsAreRefused() {
        String unknownSerial = certId.substring(0, certId.indexOf('.') + 1) + AcmeTestClient.b64(new byte[] {0x11});
        assertProblem(renewalInfo(unknownSerial), 404, "malformed");
        assertProblem(renewalInfo("not-a-cert-id"), 400, "malformed");
        assertProblem(renewalInfo(certId + "="), 400, "malformed");
        assertProblem(renewalInfo(certId.substring(0, certId.indexOf('.') + 1) + "AAE"), 400, "malformed"); // 0x00 0x01: not minimal DER
        AcmeHttpResponse post = acme.send("POST", alice.url("/renewal-info/" + certId),
                java.util.Optional.of(AcmeTestClient.JOSE), new byte[0]);
        assertProblem(post, 405, "malformed");
    }

    @Test
    void aRevokedCertificateShouldBeRenewedNow() throws Exception {
        Flows.expect(alice.postKid(alice.url("/revoke-cert"), "{\"certificate\":\""
                + AcmeTestClient.b64(cert.getEncoded()) + "\",\"reason\":1}"), 200);
        JsonNode window = json(renewalInfo(certId)).get("suggestedWindow");
        assertThat(Instant.parse(window.get("end").asText())).isBeforeOrEqualTo(acme.clock.instant());
    }

    // Operator overrides are stored with a foreign key to the inventory, which this module's test CA does not fill:
    // service's RenewalOverrideApiTest sets one through the admin API and reads it back from renewal-info.

    @Test
    void replacesNamesACertificateOfThisAccountOnce() {
        String order = "{\"identifiers\":[{\"type\":\"ip\",\"value\":\"127.0.0.1\"}],\"replaces\":\"" + certId + "\"}";
        AcmeHttpResponse first = alice.postKid(alice.url("/new-order"), order);
        assertThat(first.status()).as(first.bodyText()).isEqualTo(201);
        assertThat(json(first).get("replaces").asText()).isEqualTo(certId);
        assertProblem(alice.postKid(alice.url("/new-order"), order), 409, "alreadyReplaced");
        AcmeTestClient bob = acme.client("default");
        Flows.expect(bob.register(), 201);
        assertProblem(bob.postKid(bob.url("/new-order"), order), 403, "unauthorized");
        String other = "{\"identifiers\":[{\"type\":\"ip\",\"value\":\"127.0.0.9\"}],\"replaces\":\"" + certId + "\"}";
        assertProblem(alice.postKid(alice.url("/new-order"), other), 400, "malformed");
        assertProblem(alice.postKid(alice.url("/new-order"), order.replace(certId, "garbage")), 400, "malformed");
    }

    @Test
    void certIdParsesWhatItFormats() {
        CertId parsed = CertId.parse(certId);
        assertThat(parsed.text()).isEqualTo(certId);
        assertThat(parsed.serialHex()).isEqualTo(cert.getSerialNumber().toString(16));
    }
}
