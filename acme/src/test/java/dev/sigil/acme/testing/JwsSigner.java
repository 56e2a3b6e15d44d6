package dev.sigil.acme.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * A test-side ACME client signer: builds flattened JWS (RFC 7515 §7.2.2) the way RFC 8555 §6.2 wants them, from a key
 * pair of the JDK's own providers (SunEC, SunRsaSign), with no code from {@code dev.sigil.acme.jws}, so tests that
 * verify its output cross-check Sigil's verifier against an independent signer. Also makes the malformed ones:
 * {@link #signRaw} signs any protected header text, {@link #flattened} assembles any three strings.
 *
 * <pre>{@code
 * JwsSigner client = JwsSigner.es256();
 * byte[] body = client.signWithJwk(url, nonce, "{\"termsOfServiceAgreed\":true}");
 * byte[] get = client.signWithKid(accountUrl, url, nonce, "");   // POST-as-GET
 * }</pre>
 */
public final class JwsSigner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keyPair;
    private final String alg;
    private final String jcaAlgorithm;
    private final ObjectNode jwk;

    private JwsSigner(KeyPair keyPair, String alg, String jcaAlgorithm, ObjectNode jwk) {
        this.keyPair = keyPair;
        this.alg = alg;
        this.jcaAlgorithm = jcaAlgorithm;
        this.jwk = jwk;
    }

    // ---------------------------------------------------------------- factories

    public static JwsSigner es256() {
        return ec("secp256r1", "P-256", "ES256", "SHA256withECDSAinP1363Format", 32);
    }

    public static JwsSigner es384() {
        return ec("secp384r1", "P-384", "ES384", "SHA384withECDSAinP1363Format", 48);
    }

    public static JwsSigner es512() {
        return ec("secp521r1", "P-521", "ES512", "SHA512withECDSAinP1363Format", 66);
    }

    /** RS256 with a fresh RSA-2048 key. */
    public static JwsSigner rs256() {
        return rsa(2048);
    }

    /** RS256 with a fresh RSA-1024 key: too small for Sigil, for refusal tests. */
    public static JwsSigner rsa1024() {
        return rsa(1024);
    }

    /** RS256 with a fresh RSA key of {@code bits}. */
    public static JwsSigner rsa(int bits) {
        KeyPair pair = generate("RSA", g -> g.initialize(bits));
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        ObjectNode jwk = JSON.createObjectNode();
        jwk.put("e", b64(unsigned(pub.getPublicExponent())));
        jwk.put("kty", "RSA");
        jwk.put("n", b64(unsigned(pub.getModulus())));
        return new JwsSigner(pair, "RS256", "SHA256withRSA", jwk);
    }

    /** EdDSA with a fresh Ed25519 key. */
    public static JwsSigner ed25519() {
        KeyPair pair = generate("Ed25519", g -> { });
        byte[] spki = pair.getPublic().getEncoded();
        // An Ed25519 SubjectPublicKeyInfo is a fixed 12-byte prefix and the 32-byte key (RFC 8410 §4).
        ObjectNode jwk = JSON.createObjectNode();
        jwk.put("crv", "Ed25519");
        jwk.put("kty", "OKP");
        jwk.put("x", b64(Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
        return new JwsSigner(pair, "EdDSA", "Ed25519", jwk);
    }

    /** This signer's key pair and JWK, but claiming {@code otherAlg} in the headers it builds (mismatch tests). */
    public JwsSigner withAlgorithm(String otherAlg) {
        return new JwsSigner(keyPair, otherAlg, jcaAlgorithm, jwk);
    }

    private static JwsSigner ec(String curve, String crv, String alg, String jca, int fieldBytes) {
        KeyPair pair = generate("EC", g -> g.initialize(new ECGenParameterSpec(curve)));
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        ObjectNode jwk = JSON.createObjectNode();
        jwk.put("crv", crv);
        jwk.put("kty", "EC");
        jwk.put("x", b64(fixed(pub.getW().getAffineX(), fieldBytes)));
        jwk.put("y", b64(fixed(pub.getW().getAffineY(), fieldBytes)));
        return new JwsSigner(pair, alg, jca, jwk);
    }

    // ---------------------------------------------------------------- accessors

    public KeyPair keyPair() {
        return keyPair;
    }

    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /** The JWS "alg" this signer writes. */
    public String algorithm() {
        return alg;
    }

    /** The public JWK (required members only, lexicographic order); a fresh copy each call. */
    public ObjectNode jwk() {
        return jwk.deepCopy();
    }

    /** RFC 7638 SHA-256 thumbprint of {@link #jwk()}, computed here independently of Sigil's code. */
    public String thumbprint() {
        return thumbprint(jwk);
    }

    /** RFC 7638 thumbprint of any public JWK: required members in lexicographic order, no whitespace. */
    public static String thumbprint(JsonNode jwk) {
        String kty = jwk.get("kty").asText();
        String[] members = switch (kty) {
            case "EC" -> new String[] {"crv", "kty", "x", "y"};
            case "RSA" -> new String[] {"e", "kty", "n"};
            case "OKP" -> new String[] {"crv", "kty", "x"};
            default -> throw new IllegalArgumentException("kty " + kty);
        };
        ObjectNode canonical = JSON.createObjectNode();
        for (String member : members) {
            canonical.put(member, jwk.get(member).asText());
        }
        try {
            return b64(MessageDigest.getInstance("SHA-256").digest(json(canonical).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- well-formed requests

    /** A request signed with the key embedded as "jwk" (newAccount, revokeCert by certificate key). {@code nonce}
     *  null omits it; {@code payloadJson} "" is POST-as-GET. Returns the HTTP body. */
    public byte[] signWithJwk(String url, String nonce, String payloadJson) {
        return bytes(jwsWithJwk(url, nonce, payloadJson));
    }

    /** A request by an existing account: "kid" is the account URL. Returns the HTTP body. */
    public byte[] signWithKid(String kid, String url, String nonce, String payloadJson) {
        return bytes(jwsWithKid(kid, url, nonce, payloadJson));
    }

    public ObjectNode jwsWithJwk(String url, String nonce, String payloadJson) {
        ObjectNode header = header(url, nonce);
        header.set("jwk", jwk());
        return signRaw(json(header), payloadJson);
    }

    public ObjectNode jwsWithKid(String kid, String url, String nonce, String payloadJson) {
        ObjectNode header = header(url, nonce);
        header.put("kid", kid);
        return signRaw(json(header), payloadJson);
    }

    /**
     * The inner JWS of keyChange (RFC 8555 §7.3.5), signed by this signer as the NEW key: header alg, jwk, url (no
     * nonce); payload {"account": accountUrl, "oldKey": oldKeyJwk}. Put it as the outer request's payload.
     */
    public ObjectNode keyChangeInner(String url, String accountUrl, JsonNode oldKeyJwk) {
        ObjectNode header = JSON.createObjectNode();
        header.put("alg", alg);
        header.set("jwk", jwk());
        header.put("url", url);
        ObjectNode payload = JSON.createObjectNode();
        payload.put("account", accountUrl);
        payload.set("oldKey", oldKeyJwk);
        return signRaw(json(header), json(payload));
    }

    /**
     * An EAB (RFC 8555 §7.3.4) with HS256: header {alg, kid: keyId, url}, payload the account key's JWK, MACed with
     * {@code hmacKey}. Put it as newAccount's "externalAccountBinding".
     */
    public static ObjectNode eab(String keyId, byte[] hmacKey, String url, JsonNode accountJwk) {
        return eab("HS256", keyId, hmacKey, url, accountJwk);
    }

    /** As {@link #eab(String, byte[], String, JsonNode)} with {@code alg} HS256, HS384 or HS512. */
    public static ObjectNode eab(String alg, String keyId, byte[] hmacKey, String url, JsonNode accountJwk) {
        ObjectNode header = JSON.createObjectNode();
        header.put("alg", alg);
        header.put("kid", keyId);
        header.put("url", url);
        return eabRaw(json(header), json(accountJwk), hmacKey, alg);
    }

    // ---------------------------------------------------------------- raw material for attack tests

    /** Signs {@code protectedHeaderJson} verbatim (any alg, any members) and {@code payload} (UTF-8 text, "" for none)
     *  with this key and this signer's real algorithm. */
    public ObjectNode signRaw(String protectedHeaderJson, String payload) {
        return signEncoded(b64(utf8(protectedHeaderJson)), b64(utf8(payload)));
    }

    /** Signs the two already-encoded strings verbatim (e.g. padded base64), as ASCII(protected.payload). */
    public ObjectNode signEncoded(String protectedB64, String payloadB64) {
        byte[] signature = sign((protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII));
        return flattened(protectedB64, payloadB64, b64(signature));
    }

    /** A JWS signature of {@code signingInput}: raw R || S for ECDSA (RFC 7518 §3.4), as JWS wants it. */
    public byte[] sign(byte[] signingInput) {
        try {
            Signature signer = Signature.getInstance(jcaAlgorithm);
            signer.initSign(keyPair.getPrivate());
            signer.update(signingInput);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An EAB-style JWS over any header text and payload text, MACed with {@code hmacKey} using {@code macAlg}
     *  (HS256/HS384/HS512, independent of what the header claims). */
    public static ObjectNode eabRaw(String protectedHeaderJson, String payload, byte[] hmacKey, String macAlg) {
        String protectedB64 = b64(utf8(protectedHeaderJson));
        String payloadB64 = b64(utf8(payload));
        String jca = switch (macAlg) {
            case "HS256" -> "HmacSHA256";
            case "HS384" -> "HmacSHA384";
            case "HS512" -> "HmacSHA512";
            default -> throw new IllegalArgumentException(macAlg);
        };
        try {
            Mac mac = Mac.getInstance(jca);
            mac.init(new SecretKeySpec(hmacKey, jca));
            byte[] tag = mac.doFinal((protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII));
            return flattened(protectedB64, payloadB64, b64(tag));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {"protected": ..., "payload": ..., "signature": ...} from the three strings, verbatim. */
    public static ObjectNode flattened(String protectedB64, String payloadB64, String signatureB64) {
        ObjectNode jws = JSON.createObjectNode();
        jws.put("protected", protectedB64);
        jws.put("payload", payloadB64);
        jws.put("signature", signatureB64);
        return jws;
    }

    /** A header {"alg", "nonce" (unless null), "url"} for this signer; add jwk or kid yourself. */
    public ObjectNode header(String url, String nonce) {
        ObjectNode header = JSON.createObjectNode();
        header.put("alg", alg);
        if (nonce != null) {
            header.put("nonce", nonce);
        }
        header.put("url", url);
        return header;
    }

    public static byte[] bytes(JsonNode node) {
        return json(node).getBytes(StandardCharsets.UTF_8);
    }

    public static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode parse(byte[] json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String b64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    public static String b64(String utf8Text) {
        return b64(utf8(utf8Text));
    }

    private static byte[] utf8(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static byte[] fixed(BigInteger value, int length) {
        byte[] bytes = unsigned(value);
        byte[] out = new byte[length];
        System.arraycopy(bytes, 0, out, length - bytes.length, bytes.length);
        return out;
    }

    private interface Init {
        void apply(KeyPairGenerator generator) throws GeneralSecurityException;
    }

    private static KeyPair generate(String algorithm, Init init) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            init.apply(generator);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
