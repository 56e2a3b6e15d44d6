package dev.sigil.acme.jws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.acme.testing.JwsSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** External account binding (RFC 8555 §7.3.4) inside newAccount. */
class ExternalAccountBindingTest {

    private static final String URL = "https://ca.example/acme/main/new-account";
    private static final String KEY_ID = "kid-7f3a";
    private static final byte[] HMAC_KEY = "a 32-byte key shared out of band".getBytes(StandardCharsets.US_ASCII);

    private final JwsSigner client = JwsSigner.es256();
    private final AccountKey accountKey = AccountKey.fromJwk(client.jwk());

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void goodMacVerifies(String alg) {
        ExternalAccountBinding eab = ExternalAccountBinding.parse(
                JwsSigner.eab(alg, KEY_ID, HMAC_KEY, URL, client.jwk()));
        assertThat(eab.keyId()).isEqualTo(KEY_ID);
        assertThat(eab.algorithm()).isEqualTo(alg);
        assertThat(eab.url()).isEqualTo(URL);
        assertThat(eab.boundKey().thumbprint()).isEqualTo(client.thumbprint());
        eab.verify(HMAC_KEY, URL, accountKey);
    }

    @Test
    void eabInsideANewAccountRequestRoundTrips() {
        ObjectNode payload = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        payload.put("termsOfServiceAgreed", true);
        payload.set("externalAccountBinding", JwsSigner.eab(KEY_ID, HMAC_KEY, URL, client.jwk()));
        JwsRequest outer = JwsRequest.parse(client.signWithJwk(URL, "bm9uY2U", JwsSigner.json(payload)));
        outer.verify(outer.jwk().orElseThrow());
        ExternalAccountBinding eab = ExternalAccountBinding.parse(outer.payloadJson().get("externalAccountBinding"));
        eab.verify(HMAC_KEY, outer.url(), outer.jwk().orElseThrow());
    }

    @Test
    void badMacIsUnauthorized() {
        ExternalAccountBinding eab = ExternalAccountBinding.parse(JwsSigner.eab(KEY_ID, HMAC_KEY, URL, client.jwk()));
        byte[] otherKey = HMAC_KEY.clone();
        otherKey[0] ^= 1;
        AcmeProblem problem = Problems.expect(ProblemType.UNAUTHORIZED, () -> eab.verify(otherKey, URL, accountKey));
        assertThat(problem.detail()).isEqualTo("external account binding MAC is invalid");
    }

    @Test
    void tamperedPayloadIsUnauthorized() {
        ObjectNode jws = JwsSigner.eab(KEY_ID, HMAC_KEY, URL, client.jwk());
        JwsSigner attacker = JwsSigner.es256();
        jws.put("payload", JwsSigner.b64(JwsSigner.json(attacker.jwk())));
        ExternalAccountBinding eab = ExternalAccountBinding.parse(jws);
        Problems.expect(ProblemType.UNAUTHORIZED,
                () -> eab.verify(HMAC_KEY, URL, AccountKey.fromJwk(attacker.jwk())));
    }

    @Test
    void macOfTheWrongLengthIsUnauthorized() {
        // An HS256 tag where HS512 is claimed: shorter than expected, must not compare as a prefix.
        ObjectNode jws = JwsSigner.eabRaw("{\"alg\":\"HS512\",\"kid\":\"" + KEY_ID + "\",\"url\":\"" + URL + "\"}",
                JwsSigner.json(client.jwk()), HMAC_KEY, "HS256");
        ExternalAccountBinding eab = ExternalAccountBinding.parse(jws);
        Problems.expect(ProblemType.UNAUTHORIZED, () -> eab.verify(HMAC_KEY, URL, accountKey));
    }

    @Test
    void wrongUrlIsUnauthorized() {
        ExternalAccountBinding eab = ExternalAccountBinding.parse(
                JwsSigner.eab(KEY_ID, HMAC_KEY, "https://ca.example/acme/other/new-account", client.jwk()));
        assertThat(Problems.expect(ProblemType.UNAUTHORIZED, () -> eab.verify(HMAC_KEY, URL, accountKey)).detail())
                .contains("url");
    }

    @Test
    void differentJwkIsUnauthorized() {
        ExternalAccountBinding eab = ExternalAccountBinding.parse(
                JwsSigner.eab(KEY_ID, HMAC_KEY, URL, JwsSigner.es256().jwk()));
        assertThat(Problems.expect(ProblemType.UNAUTHORIZED, () -> eab.verify(HMAC_KEY, URL, accountKey)).detail())
                .contains("different account key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "ES256", "RS256", "HS1", "hs256"})
    void nonHmacAlgorithmsAreBadSignatureAlgorithm(String alg) {
        ObjectNode jws = JwsSigner.eabRaw(header(alg, "\"kid\":\"" + KEY_ID + "\""), JwsSigner.json(client.jwk()),
                HMAC_KEY, "HS256");
        AcmeProblem problem = Problems.expect(ProblemType.BAD_SIGNATURE_ALGORITHM,
                () -> ExternalAccountBinding.parse(jws));
        assertThat(problem.algorithms()).containsExactly("HS256", "HS384", "HS512");
    }

    @Test
    void refusesNonceMissingKidMissingUrlAndJwkInHeader() {
        String jwk = JwsSigner.json(client.jwk());
        for (String header : new String[] {
                header("HS256", "\"kid\":\"" + KEY_ID + "\",\"nonce\":\"bm9uY2U\""),
                "{\"alg\":\"HS256\",\"url\":\"" + URL + "\"}",
                "{\"alg\":\"HS256\",\"kid\":\"" + KEY_ID + "\"}",
                "{\"alg\":\"HS256\",\"kid\":\"\",\"url\":\"" + URL + "\"}",
                header("HS256", "\"kid\":\"" + KEY_ID + "\",\"jwk\":" + jwk),
                header("HS256", "\"kid\":\"" + KEY_ID + "\",\"crit\":[\"exp\"]")}) {
            ObjectNode jws = JwsSigner.eabRaw(header, jwk, HMAC_KEY, "HS256");
            Problems.expect(ProblemType.MALFORMED, () -> ExternalAccountBinding.parse(jws));
        }
    }

    @Test
    void payloadMustBeAnAcceptablePublicJwk() {
        String header = header("HS256", "\"kid\":\"" + KEY_ID + "\"");
        for (String payload : new String[] {"", "[]", "not json"}) {
            ObjectNode jws = JwsSigner.eabRaw(header, payload, HMAC_KEY, "HS256");
            Problems.expect(ProblemType.MALFORMED, () -> ExternalAccountBinding.parse(jws));
        }
        ObjectNode privateJwk = client.jwk().put("d", "AQAB");
        ObjectNode withPrivate = JwsSigner.eabRaw(header, JwsSigner.json(privateJwk), HMAC_KEY, "HS256");
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> ExternalAccountBinding.parse(withPrivate));
    }

    @Test
    void refusesUnprotectedHeaderAndNonObjects() {
        ObjectNode jws = JwsSigner.eab(KEY_ID, HMAC_KEY, URL, client.jwk());
        jws.putObject("header").put("kid", "other");
        Problems.expect(ProblemType.MALFORMED, () -> ExternalAccountBinding.parse(jws));
        Problems.expect(ProblemType.MALFORMED, () -> ExternalAccountBinding.parse(jws.textNode("eab")));
        Problems.expect(ProblemType.MALFORMED, () -> ExternalAccountBinding.parse(null));
    }

    @Test
    void emptyMacKeyIsAServerBugNotAClientError() {
        ExternalAccountBinding eab = ExternalAccountBinding.parse(JwsSigner.eab(KEY_ID, HMAC_KEY, URL, client.jwk()));
        assertThatThrownBy(() -> eab.verify(new byte[0], URL, accountKey)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hs256MatchesRfc7515AppendixA1() {
        byte[] key = Base64Url.decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr"
                + "1Z9CAow");
        byte[] input = ("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
                + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(Base64Url.encode(ExternalAccountBinding.MacAlgorithm.HS256.mac(key, input)))
                .isEqualTo("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    }

    private static String header(String alg, String members) {
        return "{\"alg\":\"" + alg + "\"," + members + ",\"url\":\"" + URL + "\"}";
    }
}
