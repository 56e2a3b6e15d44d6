package dev.sigil.acme.revocation;

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
import java.security.cert.X509Certificate;

import static dev.sigil.acme.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** revokeCert's three ways in (RFC 8555 §7.6) and its refusals. */
class RevocationTest {

    @TempDir
    Path dir;
    AcmeHarness acme;
    AcmeTestClient alice;

    @BeforeEach
    void start() throws Exception {
        acme = AcmeHarness.h2(dir);
        alice = acme.client("default");
        Flows.expect(alice.register(), 201);
    }

    @AfterEach
    void stop() {
        acme.close();
    }

    private static String payload(X509Certificate cert, Integer reason) throws Exception {
        return "{\"certificate\":\"" + AcmeTestClient.b64(cert.getEncoded()) + "\""
                + (reason == null ? "" : ",\"reason\":" + reason) + "}";
    }

    private boolean revoked(X509Certificate cert) {
        return acme.ca.issued(cert.getSerialNumber().toString(16)).orElseThrow().revocationReason().isPresent();
    }

    @Test
    void theIssuingAccountMayRevoke() throws Exception {
        X509Certificate cert = Flows.certificate(alice, "ip:127.0.0.1");
        AcmeHttpResponse response = alice.postKid(alice.url("/revoke-cert"), payload(cert, null));
        assertThat(response.status()).isEqualTo(200);
        assertThat(acme.ca.issued(cert.getSerialNumber().toString(16)).orElseThrow().revocationReason()).contains(0);
        assertThat(acme.ca.issued(cert.getSerialNumber().toString(16)).orElseThrow().revokedBy().orElseThrow())
                .startsWith("acme:default/");
    }

    @Test
    void anAccountWithValidAuthorizationsForEveryNameMayRevoke() throws Exception {
        X509Certificate cert = Flows.certificate(alice, "ip:127.0.0.1");
        AcmeTestClient bob = acme.client("default");
        Flows.expect(bob.register(), 201);
        assertProblem(bob.postKid(bob.url("/revoke-cert"), payload(cert, 1)), 403, "unauthorized");
        assertThat(revoked(cert)).isFalse();
        Flows.readyOrder(bob, "ip:127.0.0.1"); // Bob proves control of 127.0.0.1 too
        AcmeHttpResponse response = bob.postKid(bob.url("/revoke-cert"), payload(cert, 1));
        assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
        assertThat(revoked(cert)).isTrue();
    }

    @Test
    void theCertificateKeyMayRevokeWithJwk() throws Exception {
        JwsSigner certificateKey = JwsSigner.es256();
        X509Certificate cert = Flows.certificate(alice, certificateKey.keyPair(), "ip:127.0.0.1");
        AcmeTestClient stranger = acme.client("default", JwsSigner.es256());
        assertProblem(stranger.postJwk(stranger.url("/revoke-cert"), payload(cert, 1)), 403, "unauthorized");
        assertThat(revoked(cert)).isFalse();
        AcmeTestClient holder = acme.client("default", certificateKey);
        AcmeHttpResponse response = holder.postJwk(holder.url("/revoke-cert"), payload(cert, 1));
        assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
        assertThat(revoked(cert)).isTrue();
        assertThat(acme.store.accountByKey("default", certificateKey.thumbprint())).isEmpty();
        assertProblem(holder.postJwk(holder.url("/revoke-cert"), payload(cert, 1)), 400, "alreadyRevoked");
    }

    @Test
    void reasonsMustBeOnesAHolderMayGive() throws Exception {
        X509Certificate cert = Flows.certificate(alice, "ip:127.0.0.1");
        for (String reason : new String[] {"2", "6", "7", "8", "10", "11", "-1", "\"1\"", "1.5"}) {
            String body = "{\"certificate\":\"" + AcmeTestClient.b64(cert.getEncoded()) + "\",\"reason\":" + reason + "}";
            assertProblem(alice.postKid(alice.url("/revoke-cert"), body), 400, "badRevocationReason");
        }
        assertThat(revoked(cert)).isFalse();
    }

    @Test
    void anUnknownCertificateIsNotFound() throws Exception {
        X509Certificate cert = Flows.certificate(alice, "ip:127.0.0.1");
        byte[] caCert = acme.ca.caCertificateDer();
        assertProblem(alice.postKid(alice.url("/revoke-cert"), "{\"certificate\":\"" + AcmeTestClient.b64(caCert)
                + "\"}"), 404, "malformed");
        byte[] tampered = cert.getEncoded().clone();
        tampered[tampered.length - 3] ^= 1;
        // still parses (the signature changed), but is not byte for byte what the CA issued
        assertProblem(alice.postKid(alice.url("/revoke-cert"), "{\"certificate\":\""
                + AcmeTestClient.b64(tampered) + "\"}"), 404, "malformed");
        assertProblem(alice.postKid(alice.url("/revoke-cert"), "{\"certificate\":\"AAAA\"}"), 400, "malformed");
        assertThat(revoked(cert)).isFalse();
    }
}
