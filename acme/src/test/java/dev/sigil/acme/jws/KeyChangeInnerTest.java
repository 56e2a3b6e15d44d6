package dev.sigil.acme.jws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.acme.testing.JwsSigner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The inner JWS of keyChange (RFC 8555 §7.3.5): signed by the new key, carried as the outer request's payload. */
class KeyChangeInnerTest {

    private static final String URL = "https://ca.example/acme/main/key-change";
    private static final String ACCOUNT = "https://ca.example/acme/main/acct/4bZ9qe";
    private static final String NONCE = "o8vvTjT2-TmLyqKZ3yLq3A";

    private final JwsSigner oldKey = JwsSigner.es256();
    private final JwsSigner newKey = JwsSigner.ed25519();

    @Test
    void outerAndInnerRoundTrip() {
        ObjectNode inner = newKey.keyChangeInner(URL, ACCOUNT, oldKey.jwk());
        byte[] body = oldKey.signWithKid(ACCOUNT, URL, NONCE, JwsSigner.json(inner));

        JwsRequest outer = JwsRequest.parse(body);
        outer.verify(AccountKey.fromJwk(oldKey.jwk()));
        JwsRequest parsedInner = JwsRequest.parseInner(outer.payloadJson());
        AccountKey innerKey = parsedInner.jwk().orElseThrow();
        parsedInner.verify(innerKey);

        assertThat(innerKey.thumbprint()).isEqualTo(newKey.thumbprint());
        assertThat(parsedInner.url()).isEqualTo(outer.url());
        assertThat(parsedInner.nonce()).isEmpty();
        assertThat(parsedInner.kid()).isEmpty();
        assertThat(parsedInner.algorithm()).isEqualTo("EdDSA");
        ObjectNode payload = parsedInner.payloadJson();
        assertThat(payload.get("account").textValue()).isEqualTo(ACCOUNT);
        assertThat(AccountKey.fromJwk(payload.get("oldKey")).sameKeyAs(oldKey.publicKey())).isTrue();
    }

    @Test
    void refusesKidInInnerJws() {
        ObjectNode header = innerHeader();
        header.put("kid", ACCOUNT);
        refuse(header);
    }

    @Test
    void refusesNonceInInnerJws() {
        ObjectNode header = innerHeader();
        header.put("nonce", NONCE);
        refuse(header);
    }

    @Test
    void refusesInnerJwsWithoutJwk() {
        ObjectNode header = innerHeader();
        header.remove("jwk");
        refuse(header);
    }

    @Test
    void refusesInnerJwsWithoutUrl() {
        ObjectNode header = innerHeader();
        header.remove("url");
        refuse(header);
    }

    @Test
    void innerJwsObeysTheOuterRules() {
        ObjectNode none = innerHeader();
        none.put("alg", "none");
        Problems.expect(ProblemType.BAD_SIGNATURE_ALGORITHM,
                () -> JwsRequest.parseInner(newKey.signRaw(JwsSigner.json(none), "{}")));
        ObjectNode b64 = innerHeader();
        b64.put("b64", false);
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parseInner(newKey.signRaw(JwsSigner.json(b64), "{}")));
        ObjectNode unprotected = newKey.keyChangeInner(URL, ACCOUNT, oldKey.jwk());
        unprotected.putObject("header").put("kid", ACCOUNT);
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parseInner(unprotected));
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parseInner(unprotected.textNode("not a jws")));
        ObjectNode rsa1024 = JwsSigner.rsa1024().keyChangeInner(URL, ACCOUNT, oldKey.jwk());
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> JwsRequest.parseInner(rsa1024));
    }

    @Test
    void innerJwsSignedByAnotherKeyThanItsJwkIsInvalid() {
        // An attacker embeds a victim's public key as the new key but can only sign with their own.
        ObjectNode header = innerHeader();
        JwsSigner attacker = JwsSigner.ed25519();
        JwsRequest inner = JwsRequest.parseInner(attacker.signRaw(JwsSigner.json(header), "{}"));
        Problems.expect(ProblemType.MALFORMED, () -> inner.verify(inner.jwk().orElseThrow()));
    }

    private void refuse(ObjectNode header) {
        ObjectNode inner = newKey.signRaw(JwsSigner.json(header), "{}");
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parseInner(inner));
    }

    private ObjectNode innerHeader() {
        ObjectNode header = newKey.header(URL, null);
        header.set("jwk", newKey.jwk());
        return header;
    }
}
