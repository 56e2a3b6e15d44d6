package dev.sigil.service.ca.x509;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.keys.SigningKey;
import dev.sigil.storage.issuer.IssuerRecord;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * An issuer ready to sign: its record, certificate, unlocked key and chain up to (and including) the root.
 * The private key never leaves this object except into a JCA Signature.
 */
public final class SigningIssuer {

    private final IssuerRecord record;
    private final X509Certificate certificate;
    private final X500Name subject;
    private final SigningKey key;
    private final KeyType keyType;
    private final List<X509Certificate> chainToRoot;
    private final AuthorityKeyIdentifier authorityKeyIdForChildren;

    /** An issuer whose key is in memory (tests, benchmarks). */
    public SigningIssuer(IssuerRecord record, PrivateKey key, List<X509Certificate> chainToRoot) {
        this(record, SigningKey.inMemory(key, KeyType.parse(record.keyType())), chainToRoot);
    }

    /**
     * @param chainToRoot this issuer's certificate first, then its parents, ending with the root
     */
    public SigningIssuer(IssuerRecord record, SigningKey key, List<X509Certificate> chainToRoot) {
        this.record = Objects.requireNonNull(record);
        this.key = Objects.requireNonNull(key);
        this.chainToRoot = List.copyOf(chainToRoot);
        this.certificate = this.chainToRoot.getFirst();
        this.keyType = KeyType.parse(record.keyType());
        if (key.type() != keyType) {
            throw new IllegalArgumentException("issuer " + record.id() + " is " + keyType + " but its key is " + key.type());
        }
        this.authorityKeyIdForChildren = CertExtensions.authorityKeyId(certificate);
        try {
            this.subject = new JcaX509CertificateHolder(certificate).getSubject();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("issuer certificate cannot be encoded", e);
        }
    }

    public String id() {
        return record.id();
    }

    public IssuerRecord record() {
        return record;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The subject as encoded in the certificate (used as the issuer name of what this CA signs). */
    public X500Name subject() {
        return subject;
    }

    /** The AKI of everything this CA signs (its SKI), computed once rather than per certificate. */
    public AuthorityKeyIdentifier authorityKeyIdForChildren() {
        return authorityKeyIdForChildren;
    }

    public KeyType keyType() {
        return keyType;
    }

    public List<X509Certificate> chainToRoot() {
        return chainToRoot;
    }

    /**
     * A fresh signer (BC ContentSigners are not thread-safe), on the key's provider: the one chosen for this key type,
     * or the PKCS#11 provider of an HSM key.
     */
    public ContentSigner signer() {
        return key.contentSigner();
    }

    @Override
    public String toString() {
        return "SigningIssuer[" + record.id() + "]"; // never the key
    }
}
