package dev.sigil.acme.validation;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/** Self-signed certificates as ACME clients build them for tls-alpn-01 (RFC 8737 §3), right and wrong. */
final class TestCertificates {

    private static final char[] PASSWORD = "test".toCharArray();

    private TestCertificates() {
    }

    static GeneralName dns(String name) {
        return new GeneralName(GeneralName.dNSName, name);
    }

    static GeneralName ip(String address) {
        return new GeneralName(GeneralName.iPAddress, address);
    }

    /** The DER acmeIdentifier value RFC 8737 asks for: an OCTET STRING of SHA-256(keyAuthorization). */
    static ASN1Encodable acmeValue(String keyAuthorization) {
        return new DEROctetString(Dns01Validator.sha256(keyAuthorization));
    }

    /**
     * @param sans         the subjectAltName entries (none: no extension)
     * @param acmeValue    the acmeIdentifier extension's value (empty: no extension)
     * @param critical     whether acmeIdentifier is marked critical
     */
    static SSLContext serverContext(List<GeneralName> sans, Optional<ASN1Encodable> acmeValue, boolean critical)
            throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=ACME tls-alpn-01 test");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                key.getPublic());
        if (!sans.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(sans.toArray(GeneralName[]::new)));
        }
        if (acmeValue.isPresent()) {
            builder.addExtension(AcmeTlsCertificate.ACME_IDENTIFIER, critical, acmeValue.get());
        }
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("acme", key.getPrivate(), PASSWORD, new Certificate[]{certificate});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** A correct tls-alpn-01 certificate for a DNS name. */
    static SSLContext goodFor(String name, String keyAuthorization) throws Exception {
        return serverContext(List.of(dns(name)), Optional.of(acmeValue(keyAuthorization)), true);
    }
}
