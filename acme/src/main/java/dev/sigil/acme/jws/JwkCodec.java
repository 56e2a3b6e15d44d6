package dev.sigil.acme.jws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.Optional;

/**
 * JWK (RFC 7517, RFC 7518 §6, RFC 8037 §2) to JCA public key and back. The canonical form is RFC 7638's: required
 * members only, in lexicographic order, no whitespace. Because parsing also demands minimal encodings (fixed-length EC
 * coordinates, no leading zero octets in RSA values, canonical base64url), a key the client sends and its canonical
 * form carry the same member values, so the client's thumbprint and ours agree.
 */
final class JwkCodec {

    static final int MIN_RSA_MODULUS_BITS = 2048;
    /** Verification cost grows with the modulus; nothing issues larger account keys. */
    static final int MAX_RSA_MODULUS_BITS = 8192;
    /** The JDK refuses larger exponents with moduli above 3072 bits; real keys use 65537. */
    static final int MAX_RSA_EXPONENT_BITS = 64;
    static final int ED25519_KEY_BYTES = 32;
    /** Members of private or symmetric JWKs (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2). */
    static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private JwkCodec() {
    }

    /** The public key a JWK describes; every way it can be unacceptable is {@code badPublicKey}. */
    static PublicKey parse(JsonNode jwk) {
        if (jwk == null || !jwk.isObject()) {
            throw bad("JWK must be a JSON object");
        }
        for (String member : PRIVATE_MEMBERS) {
            if (jwk.has(member)) {
                throw bad("JWK must not contain the private key member \"" + member + "\"");
            }
        }
        String kty = member(jwk, "kty");
        return switch (kty) {
            case "EC" -> parseEc(jwk);
            case "RSA" -> parseRsa(jwk);
            case "OKP" -> parseOkp(jwk);
            default -> throw bad("JWK key type \"" + StrictJson.echo(kty) + "\" is not supported; use EC, RSA or OKP");
        };
    }

    private static PublicKey parseEc(JsonNode jwk) {
        String crv = member(jwk, "crv");
        EcCurve curve = EcCurve.byJwkName(crv).orElseThrow(() -> bad("EC curve \"" + StrictJson.echo(crv)
                + "\" is not supported; use P-256, P-384 or P-521"));
        byte[] x = bytes(jwk, "x");
        byte[] y = bytes(jwk, "y");
        if (x.length != curve.fieldBytes() || y.length != curve.fieldBytes()) {
            throw bad("EC coordinates x and y must each be " + curve.fieldBytes() + " bytes for " + crv);
        }
        return curve.publicKey(new BigInteger(1, x), new BigInteger(1, y))
                .orElseThrow(() -> bad("EC point (x, y) is not on curve " + crv));
    }

    private static PublicKey parseRsa(JsonNode jwk) {
        BigInteger n = unsigned(jwk, "n");
        BigInteger e = unsigned(jwk, "e");
        if (n.bitLength() < MIN_RSA_MODULUS_BITS || n.bitLength() > MAX_RSA_MODULUS_BITS) {
            throw bad("RSA modulus must be " + MIN_RSA_MODULUS_BITS + " to " + MAX_RSA_MODULUS_BITS
                    + " bits, not " + n.bitLength());
        }
        if (!n.testBit(0)) {
            throw bad("RSA modulus must be odd");
        }
        if (!e.testBit(0) || e.compareTo(BigInteger.ONE) <= 0 || e.bitLength() > MAX_RSA_EXPONENT_BITS) {
            throw bad("RSA exponent must be odd, greater than 1 and at most " + MAX_RSA_EXPONENT_BITS + " bits");
        }
        try {
            return KeyFactory.getInstance("RSA", JcaProviders.sunRsaSign())
                    .generatePublic(new RSAPublicKeySpec(n, e));
        } catch (GeneralSecurityException refused) {
            throw bad("RSA key is not usable");
        }
    }

    private static PublicKey parseOkp(JsonNode jwk) {
        String crv = member(jwk, "crv");
        if (!crv.equals("Ed25519")) {
            throw bad("OKP curve \"" + StrictJson.echo(crv) + "\" is not supported; use Ed25519");
        }
        byte[] x = bytes(jwk, "x");
        if (x.length != ED25519_KEY_BYTES) {
            throw bad("Ed25519 public key x must be " + ED25519_KEY_BYTES + " bytes");
        }
        // Full validation: a canonical encoding of a point in the prime-order subgroup (no small-order keys).
        if (!Ed25519.validatePublicKeyFull(x, 0)) {
            throw bad("Ed25519 public key x is not a valid point");
        }
        try {
            byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), x)
                    .getEncoded();
            return KeyFactory.getInstance("Ed25519", JcaProviders.bouncyCastle())
                    .generatePublic(new X509EncodedKeySpec(spki));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Bouncy Castle refused a validated Ed25519 key", e);
        }
    }

    /**
     * The RFC 7638 canonical JWK of a key of any provider, or empty if Sigil does not accept that kind of key. Only
     * the key's shape is looked at (no size policy), so it also serves to compare keys.
     */
    static Optional<String> canonicalJson(PublicKey key) {
        return JwsAlgorithm.forKey(key).map(alg -> switch (alg) {
            case RS256 -> {
                RSAPublicKey rsa = (RSAPublicKey) key;
                yield "{\"e\":\"" + b64(rsa.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\""
                        + b64(rsa.getModulus()) + "\"}";
            }
            case ES256, ES384, ES512 -> {
                ECPublicKey ec = (ECPublicKey) key;
                EcCurve curve = EcCurve.of(ec.getParams()).orElseThrow();
                yield "{\"crv\":\"" + curve.jwkName() + "\",\"kty\":\"EC\",\"x\":\""
                        + b64(ec.getW().getAffineX(), curve.fieldBytes()) + "\",\"y\":\""
                        + b64(ec.getW().getAffineY(), curve.fieldBytes()) + "\"}";
            }
            case EDDSA -> "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\""
                    + Base64Url.encode(JwsAlgorithm.ed25519Bytes(key).orElseThrow()) + "\"}";
        });
    }

    /** RFC 7638 §3: base64url(SHA-256(UTF-8(canonical JWK))). */
    static String thumbprint(String canonicalJson) {
        try {
            return Base64Url.encode(MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String member(JsonNode jwk, String name) {
        JsonNode value = jwk.get(name);
        if (value == null) {
            throw bad("JWK has no \"" + name + "\"");
        }
        if (!value.isTextual()) {
            throw bad("JWK member \"" + name + "\" must be a string");
        }
        return value.textValue();
    }

    private static byte[] bytes(JsonNode jwk, String name) {
        String value = member(jwk, name);
        if (!Base64Url.isCanonical(value)) {
            throw bad("JWK member \"" + name + "\" is not base64url without padding");
        }
        return Base64Url.decode(value);
    }

    /** An RSA value: big-endian, minimal (RFC 7518 §2 "Base64urlUInt": no leading zero octet, zero is "AA"). */
    private static BigInteger unsigned(JsonNode jwk, String name) {
        byte[] bytes = bytes(jwk, name);
        if (bytes.length == 0 || (bytes[0] == 0 && bytes.length > 1)) {
            throw bad("JWK member \"" + name + "\" must be the minimal big-endian encoding of a positive integer");
        }
        return new BigInteger(1, bytes);
    }

    private static String b64(BigInteger unsigned) {
        byte[] bytes = unsigned.toByteArray();
        int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        return Base64Url.encode(java.util.Arrays.copyOfRange(bytes, skip, bytes.length));
    }

    private static String b64(BigInteger coordinate, int length) {
        byte[] bytes = coordinate.toByteArray();
        byte[] fixed = new byte[length];
        int copy = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copy, fixed, length - copy, copy);
        return Base64Url.encode(fixed);
    }

    private static AcmeProblem bad(String detail) {
        return new AcmeProblem(ProblemType.BAD_PUBLIC_KEY, detail);
    }
}
