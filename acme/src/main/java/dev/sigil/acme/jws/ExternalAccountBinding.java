package dev.sigil.acme.jws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * External Account Binding (RFC 8555 §7.3.4): the JWS in newAccount's "externalAccountBinding", MACed with a key the
 * CA handed out of band, binding the new account key to that external account. Parse first (syntax, and the key id
 * to look the MAC key up by), then {@link #verify}.
 */
public final class ExternalAccountBinding {

    /** The MAC algorithms of RFC 7518 §3.2; the only "alg" values an EAB may use. */
    public static final List<String> ACCEPTED_ALGORITHMS = List.of("HS256", "HS384", "HS512");

    /** HMAC with SHA-2 (RFC 7518 §3.2). */
    enum MacAlgorithm {
        HS256("HmacSHA256"), HS384("HmacSHA384"), HS512("HmacSHA512");

        private final String jcaName;

        MacAlgorithm(String jcaName) {
            this.jcaName = jcaName;
        }

        byte[] mac(byte[] key, byte[] input) {
            try {
                Mac mac = Mac.getInstance(jcaName);
                mac.init(new SecretKeySpec(key, jcaName));
                return mac.doFinal(input);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(jcaName + " is not available", e);
            }
        }
    }

    private static final String WHAT = "externalAccountBinding";

    private final FlattenedJws jws;
    private final MacAlgorithm algorithm;
    private final String keyId;
    private final String url;
    private final AccountKey boundKey;

    private ExternalAccountBinding(FlattenedJws jws, MacAlgorithm algorithm, String keyId, String url,
                                   AccountKey boundKey) {
        this.jws = jws;
        this.algorithm = algorithm;
        this.keyId = keyId;
        this.url = url;
        this.boundKey = boundKey;
    }

    /**
     * Parses and checks syntax: a flattened JWS object with a protected header only; "alg" HS256, HS384 or HS512
     * (else {@code badSignatureAlgorithm}); "kid" and "url" required; no "nonce" and no "jwk" ({@code malformed});
     * the payload a public JWK ({@code badPublicKey} if it is not an acceptable one).
     */
    public static ExternalAccountBinding parse(JsonNode eab) {
        FlattenedJws jws = FlattenedJws.parse(eab, WHAT);
        String alg = jws.headerText("alg").orElseThrow(() -> AcmeProblem.malformed(
                WHAT + " protected header has no \"alg\""));
        MacAlgorithm algorithm = Arrays.stream(MacAlgorithm.values()).filter(a -> a.name().equals(alg)).findFirst()
                .orElseThrow(() -> new AcmeProblem(ProblemType.BAD_SIGNATURE_ALGORITHM, WHAT + " algorithm \""
                        + StrictJson.echo(alg) + "\" is not accepted; use one of "
                        + String.join(", ", ACCEPTED_ALGORITHMS)).withAlgorithms(ACCEPTED_ALGORITHMS));
        jws.refuseHeader("nonce", " (RFC 8555 §7.3.4)");
        jws.refuseHeader("jwk", "; the account key is its payload");
        String keyId = jws.requiredHeaderText("kid");
        String url = jws.requiredHeaderText("url");
        if (jws.payloadB64().isEmpty()) {
            throw AcmeProblem.malformed(WHAT + " payload must be the account key's JWK, not empty");
        }
        AccountKey boundKey = AccountKey.fromJwk(StrictJson.parseObject(jws.payload(), WHAT + " payload"));
        return new ExternalAccountBinding(jws, algorithm, keyId, url, boundKey);
    }

    /** The CA-assigned key identifier (header "kid") to look the MAC key up by. */
    public String keyId() {
        return keyId;
    }

    /** The "alg", one of {@link #ACCEPTED_ALGORITHMS}. */
    public String algorithm() {
        return algorithm.name();
    }

    public String url() {
        return url;
    }

    /** The account key the payload binds. */
    public AccountKey boundKey() {
        return boundKey;
    }

    /**
     * Checks the MAC with {@code hmacKey} (constant-time; wrong: {@code unauthorized} "external account binding MAC is
     * invalid"), then that the url equals {@code outerUrl} and that the payload JWK is {@code accountKey}, the outer
     * request's jwk (else {@code unauthorized}). The MAC comes first so nobody without the key learns anything else.
     */
    public void verify(byte[] hmacKey, String outerUrl, AccountKey accountKey) {
        Objects.requireNonNull(outerUrl, "outerUrl");
        Objects.requireNonNull(accountKey, "accountKey");
        if (hmacKey == null || hmacKey.length == 0) {
            throw new IllegalArgumentException("the EAB MAC key is empty");
        }
        byte[] expected = algorithm.mac(hmacKey, jws.signingInput());
        if (!MessageDigest.isEqual(expected, jws.signature())) {
            throw AcmeProblem.unauthorized("external account binding MAC is invalid");
        }
        if (!url.equals(outerUrl)) {
            throw AcmeProblem.unauthorized("external account binding url does not match the newAccount request url");
        }
        if (!boundKey.sameKeyAs(accountKey)) {
            throw AcmeProblem.unauthorized("external account binding is for a different account key than the jwk "
                    + "of the newAccount request");
        }
    }
}
