package dev.sigil.service.e2e;

import dev.sigil.service.SigilServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.Cli;
import dev.sigil.service.testing.Crls;
import dev.sigil.service.testing.Openssl;
import dev.sigil.service.testing.TestServer;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance flow of the foundation issue, against a real server, the real CLI and the real openssl:
 * a CSR made by {@code openssl req} is issued through {@code sigil cert issue}; {@code openssl verify} accepts the
 * chain; {@code sigil cert revoke} revokes it; and {@code openssl verify -crl_check -use_deltas}, with the CRL
 * fetched from the certificate's own CDP URL and the delta CRL its Freshest CRL extension names, rejects it as
 * revoked. Subclasses choose the database.
 */
public abstract class IssueRevokeFlowContract {

    @TempDir
    Path dir;
    SigilServer server;
    Map<String, String> env;

    /** Config overrides that select the database under test. */
    abstract Map<String, String> databaseOverrides() throws Exception;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("data"), databaseOverrides());
        env = TestServer.cliEnv(server, dir);
    }

    /** Runs after the server has stopped (e.g. to drop a test database). */
    void afterServerStopped() {
    }

    @AfterEach
    void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            afterServerStopped();
        }
    }

    @Test
    void issueVerifyRevokeAndCrlCheckWithOpenssl() throws Exception {
        Openssl.ok(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "web.key", "-out", "web.csr", "-subj", "/CN=web.sigil.internal",
                "-addext", "subjectAltName=DNS:web.sigil.internal,IP:127.0.0.1");

        Cli.Result issued = Cli.run(env, "cert", "issue", "--csr", dir.resolve("web.csr").toString(), "--profile", "server",
                "--ttl", "30d", "--owner", "team-web", "--out", dir.resolve("web.pem").toString(),
                "--chain-out", dir.resolve("chain.pem").toString());
        assertThat(issued.exit()).as(issued.toString()).isZero();

        Path root = server.started().rootPem();
        assertThat(Openssl.ok(dir, "verify", "-CAfile", root.toString(), "-untrusted", "chain.pem", "web.pem"))
                .contains("web.pem: OK");

        X509Certificate cert;
        try (var in = Files.newInputStream(dir.resolve("web.pem"))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        String serial = cert.getSerialNumber().toString(16);
        assertThat(cert.getSerialNumber().bitLength()).isGreaterThan(64);

        Cli.Result shown = Cli.run(env, "cert", "show", serial, "--output", "json");
        assertThat(shown.exit()).as(shown.toString()).isZero();
        JsonNode shownJson = new ObjectMapper().readTree(shown.out());
        assertThat(shownJson.path("serial").asText()).isEqualTo(serial);
        assertThat(shownJson.path("status").asText()).isEqualTo("valid");
        assertThat(shownJson.path("owner").asText()).isEqualTo("team-web");
        assertThat(shownJson.path("sans").toString()).contains("dns:web.sigil.internal", "ip:127.0.0.1");

        Cli.Result revoked = Cli.run(env, "cert", "revoke", serial, "--reason", "keyCompromise");
        assertThat(revoked.exit()).as(revoked.toString()).isZero();
        Cli.Result again = Cli.run(env, "cert", "revoke", serial, "--reason", "keyCompromise");
        assertThat(again.exit()).as(again.toString()).isNotZero();
        assertThat(again.err()).contains("already revoked");

        String cdp = crlUrl(cert);
        assertThat(cdp).startsWith("http://localhost:" + server.httpPort() + "/crl/");
        // The revocation is on the delta CRL the full CRL's Freshest CRL extension points at (docs/CRL.md); the
        // full CRL lists it from its next periodic publication.
        String freshest = freshestUrl(ApiClient.plainGet(cdp).body());
        HttpResponse<byte[]> delta = Crls.awaitListing(freshest, serial, Duration.ofSeconds(20));
        assertThat(delta.statusCode()).isEqualTo(200);
        assertThat(delta.headers().firstValue("Content-Type")).contains("application/pkix-crl");
        HttpResponse<byte[]> crl = ApiClient.plainGet(cdp);
        assertThat(crl.statusCode()).isEqualTo(200);
        Files.write(dir.resolve("crl.der"), crl.body());
        Files.write(dir.resolve("delta.der"), delta.body());
        Openssl.ok(dir, "crl", "-inform", "DER", "-in", "crl.der", "-out", "crl.pem");
        Openssl.ok(dir, "crl", "-inform", "DER", "-in", "delta.der", "-out", "delta.pem");
        assertThat(Openssl.ok(dir, "crl", "-in", "crl.pem", "-CAfile", "chain.pem", "-noout", "-text")).contains("verify OK");
        assertThat(Openssl.ok(dir, "crl", "-in", "delta.pem", "-CAfile", "chain.pem", "-noout", "-text"))
                .contains("verify OK").contains("Delta CRL Indicator").containsIgnoringCase(serial).contains("Key Compromise");

        Openssl.Result check = Openssl.run(dir, "verify", "-crl_check", "-extended_crl", "-use_deltas",
                "-CAfile", root.toString(), "-untrusted", "chain.pem", "-CRLfile", "crl.pem", "-CRLfile", "delta.pem",
                "web.pem");
        assertThat(check.exit()).as(check.output()).isNotZero();
        assertThat(check.output()).contains("certificate revoked");
    }

    @Test
    void policyRefusalReachesTheOperatorWithItsCause() throws Exception {
        Openssl.ok(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "pub.key", "-out", "pub.csr", "-subj", "/CN=www.example.com");
        Cli.Result r = Cli.run(env, "cert", "issue", "--csr", dir.resolve("pub.csr").toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("www.example.com");
    }

    /** The URL in a CRL's Freshest CRL extension (where its delta CRL is served). */
    static String freshestUrl(byte[] crl) throws Exception {
        Extension freshest = new X509CRLHolder(crl).getExtension(Extension.freshestCRL);
        assertThat(freshest).as("the CRL points at its delta").isNotNull();
        GeneralName name = ((org.bouncycastle.asn1.x509.GeneralNames) CRLDistPoint.getInstance(freshest.getParsedValue())
                .getDistributionPoints()[0].getDistributionPoint().getName()).getNames()[0];
        return ASN1IA5String.getInstance(name.getName()).getString();
    }

    public static String crlUrl(X509Certificate cert) throws Exception {
        var ext = new JcaX509CertificateHolder(cert).getExtension(Extension.cRLDistributionPoints);
        CRLDistPoint dp = CRLDistPoint.getInstance(ext.getParsedValue());
        GeneralName name = ((org.bouncycastle.asn1.x509.GeneralNames) dp.getDistributionPoints()[0]
                .getDistributionPoint().getName()).getNames()[0];
        return ASN1IA5String.getInstance(name.getName()).getString();
    }
}
