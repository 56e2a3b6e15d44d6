package dev.sigil.service.ssh;

import dev.sigil.service.error.SigilException;
import dev.sigil.service.ssh.SshWireReader.SshWireException;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Parses OpenSSH public keys (authorized_keys lines and wire blobs) and encodes JCA keys in SSH form. Refuses what
 * OpenSSH itself no longer accepts or Sigil's policy forbids, with a message a client can act on: DSA, RSA below
 * {@value #MIN_RSA_BITS} bits, certificates where a key is expected, unknown types, and malformed or truncated data.
 * Errors are {@link SigilException}s of kind {@code MALFORMED} (cannot be read) or {@code POLICY} (read, refused).
 */
public final class SshPublicKeys {

    /** Smallest RSA modulus accepted for a certified key (OpenSSH's own floor is 1024; NIST's is 2048). */
    public static final int MIN_RSA_BITS = 2048;
    /** Largest RSA modulus accepted; OpenSSH refuses bigger ones (SSHBUF_MAX_BIGNUM). */
    public static final int MAX_RSA_BITS = 16384;
    /** Longest authorized_keys line accepted; a 16384-bit RSA key with a long comment fits easily. */
    public static final int MAX_LINE_CHARS = 16 * 1024;
    /** Longest FIDO application string accepted in a security key. */
    public static final int MAX_APPLICATION_CHARS = 256;

    private static final int ED25519_KEY_BYTES = 32;
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final String CERT_SUFFIX = "-cert-v01@openssh.com";

    private SshPublicKeys() {
    }

    /**
     * Parses one authorized_keys-style line, {@code type base64 [comment]}. Options before the type
     * ({@code from="..." ssh-ed25519 ...}) are refused: they belong to sshd's configuration, not to a key.
     */
    public static SshPublicKey parse(String line) {
        if (line == null || line.isBlank()) {
            throw SigilException.malformed("SSH public key: empty");
        }
        if (line.length() > MAX_LINE_CHARS) {
            throw SigilException.malformed("SSH public key: longer than " + MAX_LINE_CHARS + " characters");
        }
        String[] parts = line.strip().split("\\s+", 3);
        String typeName = parts[0];
        SshKeyType type = typeOrRefuse(typeName);
        if (parts.length < 2) {
            throw SigilException.malformed("SSH public key: no base64 key data after '" + typeName + "'");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw SigilException.malformed("SSH public key: key data is not valid base64");
        }
        SshPublicKey key = fromBlob(blob);
        if (key.type() != type) {
            throw SigilException.malformed("SSH public key: the line says '" + typeName + "' but the key data is '"
                    + key.type().wireName() + "'");
        }
        return parts.length == 3 ? key.withComment(parts[2]) : key;
    }

    /** Parses a public key in SSH wire format (RFC 4253 §6.6; PROTOCOL.u2f for sk keys). */
    public static SshPublicKey fromBlob(byte[] blob) {
        if (blob == null || blob.length == 0) {
            throw SigilException.malformed("SSH public key: empty key data");
        }
        SshWireReader r = new SshWireReader(blob);
        try {
            String typeName = r.readUtf8();
            SshKeyType type = typeOrRefuse(typeName);
            PublicKey key;
            Optional<String> application = Optional.empty();
            switch (type) {
                case ED25519 -> key = ed25519(r.readString());
                case SK_ED25519 -> {
                    key = ed25519(r.readString());
                    application = Optional.of(application(r));
                }
                case ECDSA_P256, ECDSA_P384, ECDSA_P521 -> key = ecdsa(type, r);
                case SK_ECDSA_P256 -> {
                    key = ecdsa(type, r);
                    application = Optional.of(application(r));
                }
                case RSA -> key = rsa(r);
                default -> throw new IllegalStateException("unhandled " + type);
            }
            if (r.hasRemaining()) {
                throw SigilException.malformed("SSH public key: " + r.remaining() + " unexpected bytes after the "
                        + typeName + " key");
            }
            return new SshPublicKey(type, blob, key, application, Optional.empty());
        } catch (SshWireException e) {
            throw SigilException.malformed("SSH public key: malformed key data (" + e.getMessage() + ")");
        }
    }

    /** Encodes a JCA Ed25519, EC (P-256/384/521) or RSA public key in SSH form, e.g. to publish a CA key. */
    public static SshPublicKey fromJca(PublicKey key) {
        SshWireWriter w = new SshWireWriter();
        switch (key) {
            case RSAPublicKey rsa -> w.putString(SshKeyType.RSA.wireName()).putMpint(rsa.getPublicExponent()).putMpint(rsa.getModulus());
            case ECPublicKey ec -> {
                SshKeyType type = ecType(ec);
                int len = fieldBytes(type);
                w.putString(type.wireName()).putString(type.curve().orElseThrow()).putString(uncompressedPoint(ec, len));
            }
            default -> {
                byte[] spki = key.getEncoded();
                if (!"Ed25519".equalsIgnoreCase(key.getAlgorithm()) && !"EdDSA".equalsIgnoreCase(key.getAlgorithm())
                        || spki == null || spki.length != ED25519_SPKI_PREFIX.length + ED25519_KEY_BYTES
                        || !Arrays.equals(spki, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0, ED25519_SPKI_PREFIX.length)) {
                    throw SigilException.policy("SSH public key: unsupported key algorithm " + key.getAlgorithm()
                            + " (Ed25519, ECDSA P-256/P-384/P-521 or RSA)");
                }
                w.putString(SshKeyType.ED25519.wireName()).putString(Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length));
            }
        }
        return fromBlob(w.toByteArray());
    }

    private static SshKeyType typeOrRefuse(String typeName) {
        Optional<SshKeyType> type = SshKeyType.fromWireName(typeName);
        if (type.isPresent()) {
            return type.get();
        }
        if (typeName.equals("ssh-dss")) {
            throw SigilException.policy("SSH public key: DSA (ssh-dss) keys are not accepted; OpenSSH disabled them in 7.0."
                    + " Use ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa (at least " + MIN_RSA_BITS + " bits)");
        }
        if (typeName.endsWith(CERT_SUFFIX)) {
            throw SigilException.malformed("SSH public key: '" + typeName + "' is a certificate, not a public key");
        }
        throw SigilException.malformed("SSH public key: unsupported key type '" + abbreviate(typeName)
                + "' (ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa, sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com)");
    }

    private static PublicKey ed25519(byte[] raw) {
        if (raw.length != ED25519_KEY_BYTES) {
            throw SigilException.malformed("SSH public key: an Ed25519 key is 32 bytes, not " + raw.length);
        }
        byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + ED25519_KEY_BYTES);
        System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, ED25519_KEY_BYTES);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw SigilException.malformed("SSH public key: not a valid Ed25519 key");
        }
    }

    private static PublicKey ecdsa(SshKeyType type, SshWireReader r) throws SshWireException {
        String curve = r.readUtf8();
        if (!curve.equals(type.curve().orElseThrow())) {
            throw SigilException.malformed("SSH public key: " + type.wireName() + " key names curve '" + abbreviate(curve) + "'");
        }
        byte[] q = r.readString();
        int len = fieldBytes(type);
        if (q.length != 1 + 2 * len || q[0] != 4) {
            throw SigilException.malformed("SSH public key: the " + curve + " point is not an uncompressed point of "
                    + (1 + 2 * len) + " bytes");
        }
        ECPoint point;
        try {
            // BC's decodePoint checks that the point lies on the curve; the JDK's KeyFactory does not.
            point = bcCurve(type).getCurve().decodePoint(q);
        } catch (IllegalArgumentException e) {
            throw SigilException.malformed("SSH public key: the " + curve + " point is not on the curve");
        }
        ECPoint n = point.normalize();
        var spec = new ECPublicKeySpec(new java.security.spec.ECPoint(n.getAffineXCoord().toBigInteger(),
                n.getAffineYCoord().toBigInteger()), jcaParams(type));
        try {
            return KeyFactory.getInstance("EC").generatePublic(spec);
        } catch (GeneralSecurityException e) {
            throw SigilException.malformed("SSH public key: not a valid " + curve + " key");
        }
    }

    private static PublicKey rsa(SshWireReader r) throws SshWireException {
        BigInteger e = r.readMpint();
        BigInteger n = r.readMpint();
        if (n.signum() <= 0 || e.signum() <= 0 || !e.testBit(0) || e.equals(BigInteger.ONE) || !n.testBit(0)) {
            throw SigilException.malformed("SSH public key: not a valid RSA key");
        }
        int bits = n.bitLength();
        if (bits < MIN_RSA_BITS) {
            throw SigilException.policy("SSH public key: RSA key of " + bits + " bits is too small; at least "
                    + MIN_RSA_BITS + " bits are required");
        }
        if (bits > MAX_RSA_BITS) {
            throw SigilException.policy("SSH public key: RSA key of " + bits + " bits is larger than the "
                    + MAX_RSA_BITS + " bits OpenSSH accepts");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        } catch (GeneralSecurityException ex) {
            throw SigilException.malformed("SSH public key: not a valid RSA key");
        }
    }

    private static String application(SshWireReader r) throws SshWireException {
        String app = r.readUtf8();
        if (app.isEmpty() || app.length() > MAX_APPLICATION_CHARS) {
            throw SigilException.malformed("SSH public key: security key application must be 1 to "
                    + MAX_APPLICATION_CHARS + " characters");
        }
        return app;
    }

    static SshKeyType ecType(ECPublicKey ec) {
        BigInteger order = ec.getParams().getOrder();
        for (SshKeyType t : new SshKeyType[] {SshKeyType.ECDSA_P256, SshKeyType.ECDSA_P384, SshKeyType.ECDSA_P521}) {
            if (bcCurve(t).getN().equals(order)) {
                return t;
            }
        }
        throw SigilException.policy("SSH public key: ECDSA keys must be on P-256, P-384 or P-521");
    }

    static int fieldBytes(SshKeyType type) {
        return switch (type) {
            case ECDSA_P256, SK_ECDSA_P256 -> 32;
            case ECDSA_P384 -> 48;
            case ECDSA_P521 -> 66;
            default -> throw new IllegalArgumentException(type + " is not ECDSA");
        };
    }

    private static byte[] uncompressedPoint(ECPublicKey ec, int len) {
        byte[] out = new byte[1 + 2 * len];
        out[0] = 4;
        putFixed(ec.getW().getAffineX(), out, 1, len);
        putFixed(ec.getW().getAffineY(), out, 1 + len, len);
        return out;
    }

    private static void putFixed(BigInteger v, byte[] out, int off, int len) {
        byte[] b = v.toByteArray();
        int skip = b.length > len ? b.length - len : 0;
        System.arraycopy(b, skip, out, off + len - (b.length - skip), b.length - skip);
    }

    private static X9ECParameters bcCurve(SshKeyType type) {
        return CustomNamedCurves.getByName(secName(type));
    }

    private static String secName(SshKeyType type) {
        return switch (type) {
            case ECDSA_P256, SK_ECDSA_P256 -> "secp256r1";
            case ECDSA_P384 -> "secp384r1";
            case ECDSA_P521 -> "secp521r1";
            default -> throw new IllegalArgumentException(type + " is not ECDSA");
        };
    }

    private static ECParameterSpec jcaParams(SshKeyType type) {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(secName(type)));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks curve " + secName(type), e);
        }
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() <= 64 ? clean : clean.substring(0, 64) + "...";
    }
}
