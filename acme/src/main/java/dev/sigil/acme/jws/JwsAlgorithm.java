package dev.sigil.acme.jws;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Optional;

/**
 * The JWS algorithms Sigil accepts (RFC 7518 §3.1, RFC 8037 §3.1), each bound to exactly one kind of key. There is no
 * "none" and no HMAC here: a request signature must come from an asymmetric key (RFC 8555 §6.2).
 */
enum JwsAlgorithm {
    ES256("ES256", "SHA256withECDSA", EcCurve.P256),
    ES384("ES384", "SHA384withECDSA", EcCurve.P384),
    ES512("ES512", "SHA512withECDSA", EcCurve.P521),
    RS256("RS256", "SHA256withRSA", null),
    EDDSA("EdDSA", "Ed25519", null);

    private final String jwsName;
    private final String jcaName;
    private final EcCurve curve;

    JwsAlgorithm(String jwsName, String jcaName, EcCurve curve) {
        this.jwsName = jwsName;
        this.jcaName = jcaName;
        this.curve = curve;
    }

    /** The JWS "alg" value. */
    String jwsName() {
        return jwsName;
    }

    static Optional<JwsAlgorithm> named(String alg) {
        return Arrays.stream(values()).filter(a -> a.jwsName.equals(alg)).findFirst();
    }

    /** The one algorithm a key may sign with, or empty for keys Sigil does not accept (by type or curve). */
    static Optional<JwsAlgorithm> forKey(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return Optional.of(RS256);
        }
        if (key instanceof ECPublicKey ec) {
            return EcCurve.of(ec.getParams())
                    .flatMap(c -> Arrays.stream(values()).filter(a -> a.curve == c).findFirst());
        }
        return ed25519Bytes(key).map(x -> EDDSA);
    }

    /** The 32-byte public value of an Ed25519 key of any provider, read from its X.509 encoding. */
    static Optional<byte[]> ed25519Bytes(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            return Optional.empty();
        }
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(encoded);
            if (!EdECObjectIdentifiers.id_Ed25519.equals(spki.getAlgorithm().getAlgorithm())) {
                return Optional.empty();
            }
            return Optional.of(spki.getPublicKeyData().getOctets());
        } catch (IllegalArgumentException notSpki) {
            return Optional.empty();
        }
    }

    /**
     * True if {@code signature} is this algorithm's signature of {@code signingInput} by {@code key}. The key must be
     * of this algorithm's kind (callers check {@link #forKey}). ECDSA signatures are the JWS form, R || S of exactly
     * twice the field length (RFC 7518 §3.4); any other length is simply invalid.
     */
    boolean verify(PublicKey key, byte[] signingInput, byte[] signature) {
        byte[] jcaSignature = signature;
        if (curve != null) {
            if (signature.length != 2 * curve.fieldBytes()) {
                return false;
            }
            jcaSignature = derFromRaw(signature, curve.fieldBytes());
        }
        Provider provider = this == RS256 ? JcaProviders.sunRsaSign() : JcaProviders.bouncyCastle();
        try {
            Signature verifier = Signature.getInstance(jcaName, provider);
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(jcaSignature);
        } catch (SignatureException garbled) {
            return false;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(jwsName + " cannot verify with a " + key.getAlgorithm() + " key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(jcaName + " is not available from " + provider.getName(), e);
        }
    }

    private static byte[] derFromRaw(byte[] raw, int half) {
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(raw, 0, half));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(raw, half, raw.length));
        try {
            return new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)})
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of two integers failed", e);
        }
    }
}
