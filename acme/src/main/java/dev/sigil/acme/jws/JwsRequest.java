package dev.sigil.acme.jws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed flattened-JSON JWS (RFC 7515 §7.2.2) obeying RFC 8555 §6.2: the body of every ACME POST, and the inner JWS
 * of keyChange (§7.3.5). Parsing checks syntax only; {@link #verify} checks the signature. Instances are immutable.
 */
public final class JwsRequest {

    /** The "alg" values Sigil accepts, in the order badSignatureAlgorithm problems list them. */
    public static final List<String> ACCEPTED_ALGORITHMS = List.of("ES256", "ES384", "ES512", "RS256", "EdDSA");

    private final FlattenedJws jws;
    private final JwsAlgorithm algorithm;
    private final Optional<String> nonce;
    private final String url;
    private final Optional<AccountKey> jwk;
    private final Optional<String> kid;

    private JwsRequest(FlattenedJws jws, JwsAlgorithm algorithm, Optional<String> nonce, String url,
                       Optional<AccountKey> jwk, Optional<String> kid) {
        this.jws = jws;
        this.algorithm = algorithm;
        this.nonce = nonce;
        this.url = url;
        this.jwk = jwk;
        this.kid = kid;
    }

    /**
     * Parses an outer request body. The body must be a JSON object with exactly "protected", "payload" and
     * "signature" (an unprotected "header" or the general serialization is {@code malformed}); the protected header
     * must carry an accepted "alg" (else {@code badSignatureAlgorithm}), a "url", exactly one of "jwk" and "kid" and
     * a "nonce" (absent or not base64url: {@code badNonce}), and neither "b64" nor "crit". A jwk must be an acceptable
     * key ({@code badPublicKey}) that the alg suits ({@code badSignatureAlgorithm}). The caller bounds the body size.
     */
    public static JwsRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw AcmeProblem.malformed("request body is empty; ACME requests are JWS (RFC 8555 §6.2)");
        }
        FlattenedJws jws = FlattenedJws.parse(StrictJson.parseObject(body, "JWS"), "JWS");
        JwsAlgorithm algorithm = algorithm(jws);
        boolean hasJwk = jws.header().has("jwk");
        boolean hasKid = jws.header().has("kid");
        if (hasJwk == hasKid) {
            throw AcmeProblem.malformed("JWS protected header must contain exactly one of \"jwk\" and \"kid\"");
        }
        Optional<AccountKey> jwk = hasJwk ? Optional.of(jwk(jws, algorithm)) : Optional.empty();
        Optional<String> kid = hasKid ? Optional.of(jws.requiredHeaderText("kid")) : Optional.empty();
        String url = jws.requiredHeaderText("url");
        return new JwsRequest(jws, algorithm, Optional.of(nonce(jws)), url, jwk, kid);
    }

    /**
     * Parses the inner JWS of a keyChange request (RFC 8555 §7.3.5), the outer request's payload: as {@link #parse}
     * except that "jwk" (the new key) is required and "kid" and "nonce" are forbidden ({@code malformed}). Comparing
     * its url, account and oldKey with the outer request is the caller's part.
     */
    public static JwsRequest parseInner(JsonNode jws) {
        String what = "inner JWS of keyChange";
        FlattenedJws inner = FlattenedJws.parse(jws, what);
        JwsAlgorithm algorithm = algorithm(inner);
        inner.refuseHeader("kid", "; it is signed by the new key, given as jwk");
        inner.refuseHeader("nonce", " (RFC 8555 §7.3.5)");
        if (!inner.header().has("jwk")) {
            throw AcmeProblem.malformed(what + " protected header has no \"jwk\" (the new account key)");
        }
        AccountKey newKey = jwk(inner, algorithm);
        String url = inner.requiredHeaderText("url");
        return new JwsRequest(inner, algorithm, Optional.empty(), url, Optional.of(newKey), Optional.empty());
    }

    /** The protected header's "alg", one of {@link #ACCEPTED_ALGORITHMS}. */
    public String algorithm() {
        return algorithm.jwsName();
    }

    /** The anti-replay nonce; present on every outer request, absent on a keyChange inner JWS. */
    public Optional<String> nonce() {
        return nonce;
    }

    /** The protected header's "url"; the caller checks it equals the URL the request was sent to. */
    public String url() {
        return url;
    }

    /** The embedded key, for newAccount, revokeCert by certificate key and the keyChange inner JWS. */
    public Optional<AccountKey> jwk() {
        return jwk;
    }

    /** The account URL, for requests by an existing account. */
    public Optional<String> kid() {
        return kid;
    }

    /** The decoded payload bytes (empty for POST-as-GET). */
    public byte[] payload() {
        return jws.payload().clone();
    }

    /** True if the payload was the empty string (RFC 8555 §6.3 POST-as-GET). */
    public boolean postAsGet() {
        return jws.payloadB64().isEmpty();
    }

    /** The payload as a JSON object; {@code malformed} if it is anything else (POST-as-GET included). Each call
     *  returns a fresh node. */
    public ObjectNode payloadJson() {
        if (postAsGet()) {
            throw AcmeProblem.malformed("JWS payload is empty (POST-as-GET) but this request needs a JSON object");
        }
        return StrictJson.parseObject(jws.payload(), "JWS payload");
    }

    /**
     * Verifies the signature with {@code key}: the alg must suit the key (else {@code badSignatureAlgorithm}); a
     * signature that does not verify, including an ECDSA signature that is not exactly R || S of the curve's length,
     * is {@code malformed} "JWS signature is invalid".
     */
    public void verify(AccountKey key) {
        Objects.requireNonNull(key, "key");
        if (key.algorithm() != algorithm) {
            throw badAlgorithm("JWS algorithm " + algorithm.jwsName()
                    + " does not suit the account key, which signs with " + key.algorithm().jwsName());
        }
        if (!algorithm.verify(key.publicKey(), jws.signingInput(), jws.signature())) {
            throw AcmeProblem.malformed("JWS signature is invalid");
        }
    }

    @Override
    public String toString() {
        return "JwsRequest[alg=" + algorithm.jwsName() + ", url=" + url + ", kid=" + kid.orElse("-")
                + ", jwk=" + jwk.map(AccountKey::thumbprint).orElse("-")
                + ", payloadBytes=" + jws.payload().length + "]";
    }

    private static JwsAlgorithm algorithm(FlattenedJws jws) {
        String alg = jws.headerText("alg").orElseThrow(() -> AcmeProblem.malformed(
                jws.what() + " protected header has no \"alg\""));
        return JwsAlgorithm.named(alg).orElseThrow(() -> badAlgorithm("JWS algorithm \"" + StrictJson.echo(alg)
                + "\" is not accepted; use one of " + String.join(", ", ACCEPTED_ALGORITHMS)));
    }

    private static AccountKey jwk(FlattenedJws jws, JwsAlgorithm algorithm) {
        JsonNode node = jws.header().get("jwk");
        if (!node.isObject()) {
            throw AcmeProblem.malformed(jws.what() + " protected header member \"jwk\" must be a JSON object");
        }
        AccountKey key = AccountKey.fromJwk(node);
        if (key.algorithm() != algorithm) {
            throw badAlgorithm("JWS algorithm " + algorithm.jwsName() + " does not suit the jwk, which signs with "
                    + key.algorithm().jwsName());
        }
        return key;
    }

    /** RFC 8555 §6.5: missing or unusable nonces are badNonce, so clients retry with a fresh one. */
    private static String nonce(FlattenedJws jws) {
        JsonNode value = jws.header().get("nonce");
        if (value == null) {
            throw new AcmeProblem(ProblemType.BAD_NONCE, "JWS has no anti-replay nonce");
        }
        // Only the alphabet is checked: which strings are nonces is the nonce store's call, not the parser's.
        if (!value.isTextual() || value.textValue().isEmpty() || !Base64Url.inAlphabet(value.textValue())) {
            throw new AcmeProblem(ProblemType.BAD_NONCE, "JWS nonce is not a base64url string");
        }
        return value.textValue();
    }

    private static AcmeProblem badAlgorithm(String detail) {
        return new AcmeProblem(ProblemType.BAD_SIGNATURE_ALGORITHM, detail).withAlgorithms(ACCEPTED_ALGORITHMS);
    }
}
