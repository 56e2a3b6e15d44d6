package dev.sigil.acme.jws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;

import java.security.PublicKey;
import java.util.Objects;
import java.util.Set;

/**
 * An account key (or the new key of a keyChange, or the key an EAB binds), as a JCA key together with its canonical
 * public JWK and RFC 7638 thumbprint. Built by {@link #fromJwk} from what a client sent, {@link #fromJwkJson} from
 * what was stored, or {@link #of} from a JCA key; the constructor checks the three components agree.
 *
 * @param publicKey  the key; EC (P-256, P-384, P-521), RSA or Ed25519
 * @param jwkJson    the canonical public JWK: required members only, lexicographic order, no whitespace (RFC 7638)
 * @param thumbprint the RFC 7638 SHA-256 thumbprint of {@code jwkJson}, base64url without padding
 */
public record AccountKey(PublicKey publicKey, String jwkJson, String thumbprint) {

    public AccountKey {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(jwkJson, "jwkJson");
        Objects.requireNonNull(thumbprint, "thumbprint");
        String canonical = JwkCodec.canonicalJson(publicKey).orElseThrow(() -> new IllegalArgumentException(
                "not an accepted account key type: " + publicKey.getAlgorithm()));
        if (!canonical.equals(jwkJson)) {
            throw new IllegalArgumentException("jwkJson is not the canonical JWK of publicKey");
        }
        if (!JwkCodec.thumbprint(canonical).equals(thumbprint)) {
            throw new IllegalArgumentException("thumbprint is not the RFC 7638 thumbprint of jwkJson");
        }
    }

    /**
     * Parses a JWK JSON object: kty EC with crv P-256/P-384/P-521, kty RSA with a 2048 to 8192-bit modulus, or kty OKP
     * with crv Ed25519. Refuses private members (d, p, q, dp, dq, qi, oth, k), points off the curve, non-minimal
     * encodings and unsupported kty/crv with {@code badPublicKey} and a detail saying which.
     */
    public static AccountKey fromJwk(JsonNode jwk) {
        PublicKey key = JwkCodec.parse(jwk);
        String canonical = JwkCodec.canonicalJson(key).orElseThrow();
        return new AccountKey(key, canonical, JwkCodec.thumbprint(canonical));
    }

    /** As {@link #fromJwk}, from JSON text (e.g. a stored {@link #jwkJson()}); text that is not a JSON object is
     *  {@code malformed}. */
    public static AccountKey fromJwkJson(String json) {
        return fromJwk(StrictJson.parseObject(json, "JWK"));
    }

    /** The account key for a JCA public key, under the same rules as {@link #fromJwk} ({@code badPublicKey} if it
     *  breaks them, e.g. an RSA-1024 or secp256k1 key). */
    public static AccountKey of(PublicKey key) {
        String canonical = JwkCodec.canonicalJson(key).orElseThrow(() -> new AcmeProblem(ProblemType.BAD_PUBLIC_KEY,
                "key type is not supported; use EC P-256, P-384, P-521, RSA or Ed25519"));
        return fromJwkJson(canonical);
    }

    /** Algorithms this key may sign with: ES256 for P-256, ES384 for P-384, ES512 for P-521, RS256 for RSA, EdDSA for
     *  Ed25519. */
    public Set<String> algorithms() {
        return Set.of(algorithm().jwsName());
    }

    /** True if both keys are the same public key (compare thumbprints); keys of unsupported types never are. */
    public boolean sameKeyAs(PublicKey other) {
        return other != null && JwkCodec.canonicalJson(other).map(JwkCodec::thumbprint).filter(thumbprint::equals)
                .isPresent();
    }

    /** True if both are the same public key. */
    public boolean sameKeyAs(AccountKey other) {
        return other != null && thumbprint.equals(other.thumbprint);
    }

    JwsAlgorithm algorithm() {
        return JwsAlgorithm.forKey(publicKey).orElseThrow();
    }
}
