package dev.sigil.service.ca.x509;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.keys.SigningKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/** Builds CA certificates: a self-signed root and intermediates signed by a parent. */
public final class CaCertificates {

    /** Path length of a root: one intermediate level below it. */
    static final int ROOT_PATH_LENGTH = 1;

    private CaCertificates() {
    }

    public static X500Name name(String commonName, Optional<String> organization) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        organization.ifPresent(o -> b.addRDN(BCStyle.O, o));
        b.addRDN(BCStyle.CN, commonName);
        return b.build();
    }

    /** A root for a key pair held in memory (tests, tools). */
    public static byte[] selfSignedRoot(KeyPair keys, KeyType type, X500Name subject, Instant notBefore, Instant notAfter) {
        return selfSignedRoot(keys.getPublic(), SigningKey.inMemory(keys.getPrivate(), type), subject, notBefore, notAfter);
    }

    public static byte[] selfSignedRoot(PublicKey publicKey, SigningKey key, X500Name subject, Instant notBefore,
                                        Instant notAfter) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
        try {
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(subject, SerialNumbers.next(),
                    Date.from(notBefore), Date.from(notAfter), subject, spki);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ROOT_PATH_LENGTH));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, CertExtensions.subjectKeyId(spki));
            return b.build(key.contentSigner()).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create root certificate", e);
        }
    }

    /** An issuing CA (path length 0) signed by {@code parent}, with CDP/AIA pointing at the parent's. */
    public static byte[] intermediate(KeyPair keys, X500Name subject, Instant notBefore, Instant notAfter,
                                      SigningIssuer parent, CaUrls urls) {
        return intermediate(keys.getPublic(), subject, notBefore, notAfter, parent, urls);
    }

    public static byte[] intermediate(PublicKey publicKey, X500Name subject, Instant notBefore, Instant notAfter,
                                      SigningIssuer parent, CaUrls urls) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
        Instant end = notAfter.isAfter(parent.record().notAfter()) ? parent.record().notAfter() : notAfter;
        try {
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(parent.subject(), SerialNumbers.next(),
                    Date.from(notBefore), Date.from(end), subject, spki);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectKeyIdentifier, false, CertExtensions.subjectKeyId(spki));
            b.addExtension(Extension.authorityKeyIdentifier, false, parent.authorityKeyIdForChildren());
            b.addExtension(Extension.cRLDistributionPoints, false, CertExtensions.crlDistributionPoint(urls.crl(parent.id())));
            b.addExtension(Extension.authorityInfoAccess, false, CertExtensions.caIssuers(urls.caIssuers(parent.id())));
            return b.build(parent.signer()).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create intermediate certificate", e);
        }
    }
}
