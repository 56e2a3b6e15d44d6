package dev.sigil.service.ca.keys;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Locale;
import java.util.Optional;

/**
 * The key types Sigil issues for and signs with, and the JCA provider used for each, chosen by speed measured with
 * JMH on the project's 2-core machine and JDK 25 ({@code bench/signatures.sh}, figures in docs/PERFORMANCE.md):
 * Bouncy Castle signs and verifies ECDSA (P-256: 2.3x faster signing, 7x faster verifying than SunEC) and Ed25519
 * (18x / 9x); RSA stays with the JDK's SunRsaSign (on par with BC). DESIGN.md's older figure (SunEC faster for
 * P-256 signing) did not hold on this JDK, and CSR verification made the difference decisive.
 */
public enum KeyType {
    EC_P256("EC", 256, "SHA256withECDSA", "BC"),
    EC_P384("EC", 384, "SHA384withECDSA", "BC"),
    RSA_2048("RSA", 2048, "SHA256withRSA", "SunRsaSign"),
    RSA_3072("RSA", 3072, "SHA256withRSA", "SunRsaSign"),
    RSA_4096("RSA", 4096, "SHA256withRSA", "SunRsaSign"),
    ED25519("Ed25519", 255, "Ed25519", "BC");

    static {
        // Every provider name used below must resolve; BC is the one the JDK does not ship.
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    private final String algorithm;
    private final int bits;
    private final String signatureAlgorithm;
    private final String provider;

    KeyType(String algorithm, int bits, String signatureAlgorithm, String provider) {
        this.algorithm = algorithm;
        this.bits = bits;
        this.signatureAlgorithm = signatureAlgorithm;
        this.provider = provider;
    }

    /** JCA key algorithm name ({@code EC}, {@code RSA}, {@code Ed25519}). */
    public String algorithm() {
        return algorithm;
    }

    public int bits() {
        return bits;
    }

    /** JCA signature algorithm a key of this type signs with. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** JCA provider used to sign, verify and decode keys of this type. */
    public String provider() {
        return provider;
    }

    public boolean isRsa() {
        return algorithm.equals("RSA");
    }

    /** Makes sure the providers this enum names are installed (BC is not a JDK provider). */
    public static void installProviders() {
        // Loading the enum runs its static initialiser, which installs BC.
    }

    /** Parses {@code EC_P256}, {@code ec-p256}, {@code RSA_3072}, {@code ED25519}, case-insensitively. */
    public static KeyType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown key type '" + text + "' (one of EC_P256, EC_P384, RSA_2048, RSA_3072, RSA_4096, ED25519)");
        }
    }

    public KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm, provider);
            switch (this) {
                case EC_P256 -> g.initialize(new ECGenParameterSpec("secp256r1"));
                case EC_P384 -> g.initialize(new ECGenParameterSpec("secp384r1"));
                case ED25519 -> { }
                default -> g.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4));
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + this + " key", e);
        }
    }

    /** What a public key is, as a description for error messages (e.g. {@code RSA 1024 bits}). */
    public record Classified(Optional<KeyType> type, String description) {
    }

    /** Classifies a public key; keys Sigil does not issue for come back with an empty type and a description. */
    public static Classified classify(SubjectPublicKeyInfo spki) {
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            var params = spki.getAlgorithm().getParameters();
            if (params instanceof ASN1ObjectIdentifier curve) {
                if (curve.equals(SECObjectIdentifiers.secp256r1)) {
                    return new Classified(Optional.of(EC_P256), "ECDSA P-256");
                }
                if (curve.equals(SECObjectIdentifiers.secp384r1)) {
                    return new Classified(Optional.of(EC_P384), "ECDSA P-384");
                }
                return new Classified(Optional.empty(), "ECDSA on curve " + curve.getId());
            }
            return new Classified(Optional.empty(), "ECDSA with explicit curve parameters");
        }
        if (alg.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            int size;
            try {
                size = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus().bitLength();
            } catch (IOException | IllegalArgumentException e) {
                return new Classified(Optional.empty(), "unparseable RSA key");
            }
            for (KeyType t : values()) {
                if (t.isRsa() && t.bits == size) {
                    return new Classified(Optional.of(t), "RSA " + size + " bits");
                }
            }
            return new Classified(Optional.empty(), "RSA " + size + " bits");
        }
        if (alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return new Classified(Optional.of(ED25519), "Ed25519");
        }
        return new Classified(Optional.empty(), "key algorithm " + alg.getId());
    }
}
