package dev.sigil.acme.jws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.acme.testing.JwsSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Round trips: requests a JDK-backed client signs ({@link JwsSigner}) parse and verify, for every accepted alg. */
class JwsRequestTest {

    static final String URL = "https://ca.example/acme/main/new-order";
    static final String NONCE = "o8vvTjT2-TmLyqKZ3yLq3A";
    static final String KID = "https://ca.example/acme/main/acct/4bZ9qe";

    static List<Supplier<JwsSigner>> signers() {
        return AccountKeyTest.signers();
    }

    @ParameterizedTest
    @MethodSource("signers")
    void requestWithJwkParsesAndVerifies(Supplier<JwsSigner> factory) {
        JwsSigner client = factory.get();
        JwsRequest request = JwsRequest.parse(client.signWithJwk(URL, NONCE, "{\"termsOfServiceAgreed\":true}"));

        assertThat(request.algorithm()).isEqualTo(client.algorithm());
        assertThat(request.url()).isEqualTo(URL);
        assertThat(request.nonce()).contains(NONCE);
        assertThat(request.kid()).isEmpty();
        assertThat(request.jwk()).get().extracting(AccountKey::thumbprint).isEqualTo(client.thumbprint());
        assertThat(request.postAsGet()).isFalse();
        assertThat(request.payloadJson().get("termsOfServiceAgreed").booleanValue()).isTrue();
        request.verify(request.jwk().orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("signers")
    void requestWithKidParsesAndVerifiesWithTheStoredKey(Supplier<JwsSigner> factory) {
        JwsSigner client = factory.get();
        AccountKey stored = AccountKey.fromJwkJson(JwsSigner.json(client.jwk()));
        JwsRequest request = JwsRequest.parse(client.signWithKid(KID, URL, NONCE, "{\"identifiers\":[]}"));

        assertThat(request.kid()).contains(KID);
        assertThat(request.jwk()).isEmpty();
        request.verify(stored);
        assertThat(request.payloadJson().get("identifiers").isArray()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("signers")
    void signatureByAnotherKeyOfTheSameKindIsInvalid(Supplier<JwsSigner> factory) {
        JwsRequest request = JwsRequest.parse(factory.get().signWithKid(KID, URL, NONCE, "{}"));
        AccountKey someoneElse = AccountKey.fromJwk(factory.get().jwk());
        assertThat(Problems.expect(ProblemType.MALFORMED, () -> request.verify(someoneElse)).detail())
                .isEqualTo("JWS signature is invalid");
    }

    @ParameterizedTest
    @MethodSource("signers")
    void jdkVerifiesTheSameSignatureWithTheKeySigilParsed(Supplier<JwsSigner> factory) throws Exception {
        // Cross-check with JCA directly (SunEC / SunRsaSign rather than Bouncy Castle): the key Sigil parsed from
        // the JWK and the signing input it reconstructs verify under the JDK too.
        JwsSigner client = factory.get();
        ObjectNode jws = client.jwsWithJwk(URL, NONCE, "{\"a\":1}");
        JwsRequest request = JwsRequest.parse(JwsSigner.bytes(jws));
        String jca = switch (client.algorithm()) {
            case "ES256" -> "SHA256withECDSAinP1363Format";
            case "ES384" -> "SHA384withECDSAinP1363Format";
            case "ES512" -> "SHA512withECDSAinP1363Format";
            case "RS256" -> "SHA256withRSA";
            default -> "Ed25519";
        };
        String keyAlgorithm = switch (client.algorithm()) {
            case "ES256", "ES384", "ES512" -> "EC";
            case "RS256" -> "RSA";
            default -> "Ed25519";
        };
        PublicKey jdkKey = KeyFactory.getInstance(keyAlgorithm)
                .generatePublic(new X509EncodedKeySpec(request.jwk().orElseThrow().publicKey().getEncoded()));
        assertThat(jdkKey.getClass().getName()).startsWith("sun.security.");
        Signature verifier = Signature.getInstance(jca);
        verifier.initVerify(jdkKey);
        verifier.update((jws.get("protected").textValue() + "." + jws.get("payload").textValue())
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64Url.decode(jws.get("signature").textValue()))).isTrue();
        request.verify(request.jwk().orElseThrow());
    }

    @Test
    void emptyPayloadIsPostAsGet() {
        JwsSigner client = JwsSigner.es256();
        JwsRequest request = JwsRequest.parse(client.signWithKid(KID, URL, NONCE, ""));
        assertThat(request.postAsGet()).isTrue();
        assertThat(request.payload()).isEmpty();
        request.verify(AccountKey.fromJwk(client.jwk()));
        Problems.expect(ProblemType.MALFORMED, request::payloadJson);
    }

    @Test
    void emptyObjectPayloadIsNotPostAsGet() {
        JwsRequest request = JwsRequest.parse(JwsSigner.es256().signWithKid(KID, URL, NONCE, "{}"));
        assertThat(request.postAsGet()).isFalse();
        assertThat(new String(request.payload(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(request.payloadJson().isEmpty()).isTrue();
    }

    @Test
    void payloadJsonRefusesNonObjectsAndDuplicates() {
        for (String payload : List.of("[1,2]", "\"text\"", "42", "null", "{\"a\":1", "{\"a\":1,\"a\":2}", "{} {}")) {
            JwsRequest request = JwsRequest.parse(JwsSigner.es256().signWithKid(KID, URL, NONCE, payload));
            assertThat(request.payload()).isEqualTo(payload.getBytes(StandardCharsets.UTF_8));
            Problems.expect(ProblemType.MALFORMED, request::payloadJson);
        }
    }

    @Test
    void payloadAccessorsReturnCopies() {
        JwsRequest request = JwsRequest.parse(JwsSigner.es256().signWithKid(KID, URL, NONCE, "{\"a\":1}"));
        request.payload()[0] = 'X';
        request.payloadJson().put("a", 2);
        assertThat(request.payload()[0]).isEqualTo((byte) '{');
        assertThat(request.payloadJson().get("a").intValue()).isEqualTo(1);
    }

    @Test
    void verifiesRfc7515AppendixA3Es256Vector() {
        // A fixed vector from another implementation; the RFC's S is "high", which ECDSA (unlike Bitcoin) accepts.
        AccountKey key = AccountKey.fromJwkJson("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + AccountKeyTest.A3_X
                + "\",\"y\":\"" + AccountKeyTest.A3_Y + "\"}");
        byte[] input = ("eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt"
                + "cGxlLmNvbS9pc19yb290Ijp0cnVlfQ").getBytes(StandardCharsets.US_ASCII);
        byte[] signature = Base64Url.decode("DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfK"
                + "TUJqPP3-Kg6NU1Q");
        assertThat(JwsAlgorithm.ES256.verify(key.publicKey(), input, signature)).isTrue();
        signature[10] ^= 1;
        assertThat(JwsAlgorithm.ES256.verify(key.publicKey(), input, signature)).isFalse();
    }

    @Test
    void verifiesRfc8037AppendixA4Ed25519Vector() {
        AccountKey key = AccountKey.fromJwkJson(
                "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}");
        byte[] input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = Base64Url.decode("hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7"
                + "sVvpAr_MuM0KAg");
        assertThat(key.algorithms()).containsExactly("EdDSA");
        assertThat(JwsAlgorithm.EDDSA.verify(key.publicKey(), input, signature)).isTrue();
        assertThat(JwsAlgorithm.EDDSA.verify(key.publicKey(), "x".getBytes(StandardCharsets.US_ASCII), signature))
                .isFalse();
    }

    @Test
    void otherHeaderMembersAreIgnored() {
        JwsSigner client = JwsSigner.es256();
        ObjectNode header = client.header(URL, NONCE);
        header.put("kid", KID);
        header.put("typ", "JOSE+JSON");
        JwsRequest request = JwsRequest.parse(JwsSigner.bytes(client.signRaw(JwsSigner.json(header), "{}")));
        request.verify(AccountKey.fromJwk(client.jwk()));
        assertThat(request.kid()).contains(KID);
        assertThat(request.toString()).contains("ES256").contains(KID);
    }
}
