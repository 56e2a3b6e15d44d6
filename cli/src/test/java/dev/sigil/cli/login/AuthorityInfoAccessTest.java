package dev.sigil.cli.login;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written AIA reader against certificates Bouncy Castle encodes. */
class AuthorityInfoAccessTest {

    private static X509Certificate cert(AccessDescription... aia) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair k = g.generateKeyPair();
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=issuer"), BigInteger.TEN,
                Date.from(now), Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=subject"), k.getPublic());
        if (aia.length > 0) {
            b.addExtension(Extension.authorityInfoAccess, false,
                    new org.bouncycastle.asn1.x509.AuthorityInformationAccess(aia));
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(k.getPrivate())));
    }

    private static AccessDescription uri(org.bouncycastle.asn1.ASN1ObjectIdentifier method, String url) {
        return new AccessDescription(method, new GeneralName(GeneralName.uniformResourceIdentifier, url));
    }

    @Test
    void onlyTheCaIssuersUrlsAreReturnedInOrder() throws Exception {
        X509Certificate c = cert(uri(AccessDescription.id_ad_ocsp, "http://ocsp.internal/ocsp"),
                uri(AccessDescription.id_ad_caIssuers, "http://localhost:8080/ca/root-7d41.crt"),
                new AccessDescription(AccessDescription.id_ad_caIssuers,
                        new GeneralName(GeneralName.dNSName, "not-a-uri.internal")),
                uri(AccessDescription.id_ad_caIssuers, "http://backup.internal/ca/root-7d41.crt"));

        assertThat(AuthorityInfoAccess.caIssuers(c)).containsExactly(
                URI.create("http://localhost:8080/ca/root-7d41.crt"), URI.create("http://backup.internal/ca/root-7d41.crt"));
    }

    @Test
    void aLongUrlNeedingMultiByteLengthsParses() throws Exception {
        String url = "http://ca.internal/" + "x".repeat(300) + ".crt";

        assertThat(AuthorityInfoAccess.caIssuers(cert(uri(AccessDescription.id_ad_caIssuers, url))))
                .containsExactly(URI.create(url));
    }

    @Test
    void withoutTheExtensionThereIsNothing() throws Exception {
        assertThat(AuthorityInfoAccess.caIssuers(cert())).isEmpty();
    }
}
