package dev.sigil.service.ca.ocsp;

import dev.sigil.service.ca.keys.KeyType;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One issuer's delegated OCSP responder (RFC 6960 §4.2.2.2): a certificate with EKU id-kp-OCSPSigning, issued by
 * that issuer and recorded in the inventory, and its EC P-256 key, which exists in this object's memory only.
 * Not a record, so that no generated {@code toString} or accessor can hand the key out.
 */
public final class OcspSigner {

    /** The signature algorithm of every response (the key is always P-256). */
    static final KeyType KEY_TYPE = KeyType.EC_P256;

    private final String issuerId;
    private final X509CertificateHolder certificate;
    private final PrivateKey key;
    private final RespID responderId;

    OcspSigner(String issuerId, X509CertificateHolder certificate, PrivateKey key) {
        this.issuerId = Objects.requireNonNull(issuerId);
        this.certificate = Objects.requireNonNull(certificate);
        this.key = Objects.requireNonNull(key);
        try {
            // ResponderID byKey: SHA-1 of the key bits, the one hash RFC 6960 §4.2.1 allows there.
            this.responderId = new RespID(certificate.getSubjectPublicKeyInfo(),
                    new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1));
        } catch (OCSPException | OperatorCreationException e) {
            throw new IllegalStateException("cannot compute the responder id", e);
        }
    }

    /** The issuer whose certificates this responder answers for. */
    public String issuerId() {
        return issuerId;
    }

    public X509CertificateHolder certificate() {
        return certificate;
    }

    RespID responderId() {
        return responderId;
    }

    public Instant notBefore() {
        return certificate.getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /** When a successor is due: once two thirds of the certificate's lifetime have passed. */
    public Instant renewAt() {
        Duration lifetime = Duration.between(notBefore(), notAfter());
        return notBefore().plus(lifetime.multipliedBy(2).dividedBy(3));
    }

    /** A fresh signer (BC ContentSigners are not thread-safe). */
    ContentSigner contentSigner() {
        try {
            return new JcaContentSignerBuilder(KEY_TYPE.signatureAlgorithm()).setProvider(KEY_TYPE.provider()).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot create the OCSP signer", e);
        }
    }

    @Override
    public String toString() {
        return "OcspSigner[" + issuerId + ", serial " + certificate.getSerialNumber().toString(16) + "]"; // never the key
    }
}
