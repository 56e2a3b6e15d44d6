package dev.sigil.service.bench;

import dev.sigil.service.ca.keys.KeyType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * Which JCA provider to sign and verify with, per key type: the measurement behind {@link KeyType}'s choices.
 * Run with {@code bench/signatures.sh}; figures in docs/PERFORMANCE.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignatureBench {

    @Param({"EC_P256", "EC_P384", "ED25519", "RSA_2048"})
    public String keyType;

    @Param({"SunEC", "BC", "SunRsaSign"})
    public String provider;

    private PrivateKey privateKey;
    private PublicKey publicKey;
    private String algorithm;
    private final byte[] tbs = new byte[400];
    private byte[] signature;
    /** Distinct keys for verifyFreshKey: a CSR brings a new key every time, and BC caches per-key tables. */
    static final int FRESH_KEYS = 64;
    private final byte[][] freshPublicKeys = new byte[FRESH_KEYS][];
    private final byte[][] freshSignatures = new byte[FRESH_KEYS][];
    private KeyFactory keyFactory;
    private int next;

    @Setup
    public void setup() throws Exception {
        KeyType type = KeyType.parse(keyType);
        boolean applicable = switch (provider) {
            case "SunRsaSign" -> type.isRsa();
            case "SunEC" -> !type.isRsa();
            default -> true;
        };
        if (!applicable) {
            throw new IllegalStateException("skip: " + provider + " does not do " + type); // JMH skips failed setups
        }
        KeyPair kp = type.generate();
        KeyFactory kf = KeyFactory.getInstance(type.algorithm(), provider);
        privateKey = kf.generatePrivate(new PKCS8EncodedKeySpec(kp.getPrivate().getEncoded()));
        publicKey = kf.generatePublic(new X509EncodedKeySpec(kp.getPublic().getEncoded()));
        algorithm = type.signatureAlgorithm();
        signature = sign();
        keyFactory = kf;
        for (int i = 0; i < FRESH_KEYS; i++) {
            KeyPair k = type.generate();
            Signature s = Signature.getInstance(algorithm, provider);
            s.initSign(kf.generatePrivate(new PKCS8EncodedKeySpec(k.getPrivate().getEncoded())));
            s.update(tbs);
            freshSignatures[i] = s.sign();
            freshPublicKeys[i] = k.getPublic().getEncoded();
        }
    }

    @Benchmark
    public byte[] sign() throws Exception {
        Signature s = Signature.getInstance(algorithm, provider);
        s.initSign(privateKey);
        s.update(tbs);
        return s.sign();
    }

    @Benchmark
    public boolean verify() throws Exception {
        Signature s = Signature.getInstance(algorithm, provider);
        s.initVerify(publicKey);
        s.update(tbs);
        return s.verify(signature);
    }

    /** Verification as CSR checking does it: the key is decoded from bytes, and differs every time. */
    @Benchmark
    public boolean verifyFreshKey() throws Exception {
        int i = next++ % FRESH_KEYS;
        Signature s = Signature.getInstance(algorithm, provider);
        s.initVerify(keyFactory.generatePublic(new X509EncodedKeySpec(freshPublicKeys[i])));
        s.update(tbs);
        return s.verify(freshSignatures[i]);
    }
}
