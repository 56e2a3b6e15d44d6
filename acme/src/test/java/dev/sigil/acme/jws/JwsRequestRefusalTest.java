package dev.sigil.acme.jws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.acme.testing.JwsSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.sigil.acme.jws.JwsRequestTest.KID;
import static dev.sigil.acme.jws.JwsRequestTest.NONCE;
import static dev.sigil.acme.jws.JwsRequestTest.URL;
import static org.assertj.core.api.Assertions.assertThat;

/** Every way an outer request can be wrong, each with the exact problem type RFC 8555 asks for. */
class JwsRequestRefusalTest {

    private final JwsSigner client = JwsSigner.es256();

    private AcmeProblem refuse(ProblemType type, String protectedHeader, String payload) {
        byte[] body = JwsSigner.bytes(client.signRaw(protectedHeader, payload));
        return Problems.expect(type, () -> JwsRequest.parse(body));
    }

    private String header(String alg, String keyMember) {
        return "{\"alg\":\"" + alg + "\"," + keyMember + ",\"nonce\":\"" + NONCE + "\",\"url\":\"" + URL + "\"}";
    }

    private String kid() {
        return "\"kid\":\"" + KID + "\"";
    }

    private String jwk() {
        return "\"jwk\":" + JwsSigner.json(client.jwk());
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "HS256", "HS512", "RS512", "PS256", "ES256K", "Ed25519", "es256", ""})
    void refusesAlgorithmsOutsideTheAcceptedList(String alg) {
        AcmeProblem problem = refuse(ProblemType.BAD_SIGNATURE_ALGORITHM, header(alg, kid()), "{}");
        assertThat(problem.algorithms()).containsExactly("ES256", "ES384", "ES512", "RS256", "EdDSA");
    }

    @Test
    void refusesAlgNoneWithAnEmptySignature() {
        String protectedB64 = JwsSigner.b64(header("none", kid()));
        byte[] body = JwsSigner.bytes(JwsSigner.flattened(protectedB64, JwsSigner.b64("{}"), ""));
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parse(body));
    }

    @Test
    void refusesMissingOrNonStringAlg() {
        refuse(ProblemType.MALFORMED, "{" + kid() + ",\"nonce\":\"" + NONCE + "\",\"url\":\"" + URL + "\"}", "{}");
        refuse(ProblemType.MALFORMED, "{\"alg\":256," + kid() + ",\"nonce\":\"" + NONCE + "\",\"url\":\"" + URL
                + "\"}", "{}");
    }

    @Test
    void refusesAlgThatDoesNotSuitTheJwk() {
        // An ES384 claim over a P-256 jwk; the signature itself is a valid ES256 one.
        JwsSigner mislabelled = client.withAlgorithm("ES384");
        byte[] body = mislabelled.signWithJwk(URL, NONCE, "{}");
        AcmeProblem problem = Problems.expect(ProblemType.BAD_SIGNATURE_ALGORITHM, () -> JwsRequest.parse(body));
        assertThat(problem.algorithms()).contains("ES256");
        byte[] rsaAsEc = JwsSigner.rs256().withAlgorithm("ES256").signWithJwk(URL, NONCE, "{}");
        Problems.expect(ProblemType.BAD_SIGNATURE_ALGORITHM, () -> JwsRequest.parse(rsaAsEc));
    }

    @Test
    void verifyRefusesAlgThatDoesNotSuitTheStoredKey() {
        JwsRequest request = JwsRequest.parse(client.signWithKid(KID, URL, NONCE, "{}"));
        AccountKey rsaAccount = AccountKey.fromJwk(JwsSigner.rs256().jwk());
        AccountKey p384Account = AccountKey.fromJwk(JwsSigner.es384().jwk());
        Problems.expect(ProblemType.BAD_SIGNATURE_ALGORITHM, () -> request.verify(rsaAccount));
        Problems.expect(ProblemType.BAD_SIGNATURE_ALGORITHM, () -> request.verify(p384Account));
    }

    @Test
    void refusesRsa1024Jwk() {
        byte[] body = JwsSigner.rsa1024().signWithJwk(URL, NONCE, "{}");
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> JwsRequest.parse(body));
    }

    @Test
    void refusesPrivateJwkMember() {
        ObjectNode jwk = client.jwk();
        jwk.put("d", "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI");
        refuse(ProblemType.BAD_PUBLIC_KEY, header("ES256", "\"jwk\":" + JwsSigner.json(jwk)), "{}");
    }

    @Test
    void refusesJwkWithPointNotOnCurve() {
        ObjectNode jwk = client.jwk();
        byte[] y = Base64Url.decode(jwk.get("y").textValue());
        y[31] ^= 1;
        jwk.put("y", Base64Url.encode(y));
        refuse(ProblemType.BAD_PUBLIC_KEY, header("ES256", "\"jwk\":" + JwsSigner.json(jwk)), "{}");
    }

    @Test
    void refusesJwkThatIsNotAnObject() {
        refuse(ProblemType.MALFORMED, header("ES256", "\"jwk\":\"" + client.thumbprint() + "\""), "{}");
    }

    @Test
    void refusesBothJwkAndKid() {
        refuse(ProblemType.MALFORMED, header("ES256", jwk() + "," + kid()), "{}");
    }

    @Test
    void refusesNeitherJwkNorKid() {
        refuse(ProblemType.MALFORMED, "{\"alg\":\"ES256\",\"nonce\":\"" + NONCE + "\",\"url\":\"" + URL + "\"}", "{}");
    }

    @Test
    void refusesEmptyOrNonStringKid() {
        refuse(ProblemType.MALFORMED, header("ES256", "\"kid\":\"\""), "{}");
        refuse(ProblemType.MALFORMED, header("ES256", "\"kid\":42"), "{}");
    }

    @Test
    void refusesMissingOrNonStringUrl() {
        refuse(ProblemType.MALFORMED, "{\"alg\":\"ES256\"," + kid() + ",\"nonce\":\"" + NONCE + "\"}", "{}");
        refuse(ProblemType.MALFORMED, "{\"alg\":\"ES256\"," + kid() + ",\"nonce\":\"" + NONCE + "\",\"url\":[]}",
                "{}");
    }

    @Test
    void missingNonceIsBadNonce() {
        byte[] body = client.signWithKid(KID, URL, null, "{}");
        AcmeProblem problem = Problems.expect(ProblemType.BAD_NONCE, () -> JwsRequest.parse(body));
        assertThat(problem.status()).isEqualTo(400);
    }

    @Test
    void unusableNonceIsBadNonce() {
        for (String nonce : new String[] {"\"\"", "17", "\"has space\"", "\"padded==\"", "null"}) {
            refuse(ProblemType.BAD_NONCE, "{\"alg\":\"ES256\"," + kid() + ",\"nonce\":" + nonce + ",\"url\":\""
                    + URL + "\"}", "{}");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"b64\":false", "\"b64\":true", "\"crit\":[\"b64\"]", "\"crit\":[]"})
    void refusesB64AndCrit(String member) {
        refuse(ProblemType.MALFORMED, header("ES256", kid() + "," + member), "{}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"x5c\":[]", "\"jku\":\"https://evil.example/keys\"", "\"x5u\":\"https://e.example\""})
    void refusesOtherWaysOfNamingAKey(String member) {
        refuse(ProblemType.MALFORMED, header("ES256", kid() + "," + member), "{}");
    }

    @Test
    void refusesUnprotectedHeader() {
        ObjectNode jws = client.jwsWithKid(KID, URL, NONCE, "{}");
        jws.putObject("header").put("nonce", NONCE);
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parse(JwsSigner.bytes(jws)));
    }

    @Test
    void refusesGeneralSerializationAndExtraMembers() {
        ObjectNode jws = client.jwsWithKid(KID, URL, NONCE, "{}");
        ObjectNode general = jws.objectNode();
        general.put("payload", jws.get("payload").textValue());
        general.putArray("signatures").addObject().put("protected", jws.get("protected").textValue())
                .put("signature", jws.get("signature").textValue());
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parse(JwsSigner.bytes(general)));
        ObjectNode extra = client.jwsWithKid(KID, URL, NONCE, "{}");
        extra.put("note", "hi");
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parse(JwsSigner.bytes(extra)));
        ObjectNode missing = client.jwsWithKid(KID, URL, NONCE, "{}");
        missing.remove("payload");
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parse(JwsSigner.bytes(missing)));
        ObjectNode numeric = client.jwsWithKid(KID, URL, NONCE, "{}");
        numeric.put("signature", 12);
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parse(JwsSigner.bytes(numeric)));
    }

    @Test
    void refusesPaddingInAnyPart() {
        String protectedB64 = JwsSigner.b64(header("ES256", kid()));
        String payloadB64 = JwsSigner.b64("{}"); // "e30"
        // Padded payload, correctly signed over the padded text.
        ObjectNode paddedPayload = client.signEncoded(protectedB64, payloadB64 + "=");
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parse(JwsSigner.bytes(paddedPayload)));
        // Padded protected header.
        ObjectNode paddedHeader = client.signEncoded(protectedB64 + "=", payloadB64);
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parse(JwsSigner.bytes(paddedHeader)));
        // Padded signature.
        ObjectNode paddedSignature = client.signEncoded(protectedB64, payloadB64);
        paddedSignature.put("signature", paddedSignature.get("signature").textValue() + "==");
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parse(JwsSigner.bytes(paddedSignature)));
        // Standard (non-url) alphabet.
        ObjectNode standardAlphabet = client.signEncoded(protectedB64, payloadB64);
        standardAlphabet.put("signature", standardAlphabet.get("signature").textValue().replace('-', '+')
                .replace('_', '/') + "+/");
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parse(JwsSigner.bytes(standardAlphabet)));
    }

    @Test
    void tamperedPayloadFailsVerification() {
        ObjectNode jws = client.jwsWithKid(KID, URL, NONCE, "{\"status\":\"deactivated\"}");
        jws.put("payload", JwsSigner.b64("{\"status\":\"valid\"}"));
        JwsRequest request = JwsRequest.parse(JwsSigner.bytes(jws));
        Problems.expect(ProblemType.MALFORMED, () -> request.verify(AccountKey.fromJwk(client.jwk())));
    }

    @Test
    void tamperedProtectedHeaderFailsVerification() {
        ObjectNode jws = client.jwsWithKid(KID, URL, NONCE, "{}");
        ObjectNode other = client.jwsWithKid(KID, URL.replace("new-order", "revoke-cert"), NONCE, "{}");
        jws.put("protected", other.get("protected").textValue());
        JwsRequest request = JwsRequest.parse(JwsSigner.bytes(jws));
        Problems.expect(ProblemType.MALFORMED, () -> request.verify(AccountKey.fromJwk(client.jwk())));
    }

    @Test
    void tamperedSignatureFailsVerification() {
        ObjectNode jws = client.jwsWithKid(KID, URL, NONCE, "{}");
        byte[] signature = Base64Url.decode(jws.get("signature").textValue());
        signature[signature.length - 1] ^= 0x01;
        jws.put("signature", Base64Url.encode(signature));
        JwsRequest request = JwsRequest.parse(JwsSigner.bytes(jws));
        assertThat(Problems.expect(ProblemType.MALFORMED, () -> request.verify(AccountKey.fromJwk(client.jwk())))
                .detail()).isEqualTo("JWS signature is invalid");
    }

    @Test
    void es256SignatureOfTheWrongLengthIsInvalid() {
        AccountKey key = AccountKey.fromJwk(client.jwk());
        ObjectNode jws = client.jwsWithKid(KID, URL, NONCE, "{}");
        byte[] raw = Base64Url.decode(jws.get("signature").textValue());
        assertThat(raw).hasSize(64);
        // One byte short, one zero byte longer, and the same signature DER-encoded (what a naive client sends).
        byte[] shortSig = Arrays.copyOf(raw, 63);
        byte[] longSig = new byte[65];
        System.arraycopy(raw, 0, longSig, 1, 64);
        byte[] der = derOf(raw);
        for (byte[] wrong : new byte[][] {shortSig, longSig, der}) {
            ObjectNode copy = jws.deepCopy();
            copy.put("signature", Base64Url.encode(wrong));
            JwsRequest request = JwsRequest.parse(JwsSigner.bytes(copy));
            assertThat(Problems.expect(ProblemType.MALFORMED, () -> request.verify(key)).detail())
                    .isEqualTo("JWS signature is invalid");
        }
        // The untouched signature verifies, so the refusals are about the encoding.
        JwsRequest.parse(JwsSigner.bytes(jws)).verify(key);
    }

    @Test
    void refusesDuplicateHeaderMember() {
        // Two "url" members: a lenient parser might route by one and check the other.
        String header = "{\"alg\":\"ES256\"," + kid() + ",\"nonce\":\"" + NONCE + "\",\"url\":\"" + URL
                + "\",\"url\":\"https://ca.example/acme/main/revoke-cert\"}";
        assertThat(refuse(ProblemType.MALFORMED, header, "{}").detail()).contains("duplicate");
    }

    @Test
    void refusesDuplicateBodyMember() {
        ObjectNode jws = client.jwsWithKid(KID, URL, NONCE, "{}");
        String body = "{\"protected\":\"" + jws.get("protected").textValue() + "\",\"payload\":\"\",\"payload\":\""
                + jws.get("payload").textValue() + "\",\"signature\":\"" + jws.get("signature").textValue() + "\"}";
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parse(body.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "\"jws\"", "null", "{\"protected\":", "{} trailing", "{}{}",
            "{'protected':'e30'}", "{\"protected\":\"e30\",}"})
    void refusesBodiesThatAreNotAJsonObject(String body) {
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parse(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusesDeeplyNestedBodies() {
        int depth = StrictJson.MAX_NESTING_DEPTH + 1;
        String deep = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parse(deep.getBytes(StandardCharsets.UTF_8)));
        // The same depth inside a payload makes payloadJson() refuse, too.
        JwsRequest request = JwsRequest.parse(client.signWithKid(KID, URL, NONCE, deep));
        Problems.expect(ProblemType.MALFORMED, request::payloadJson);
    }

    @Test
    void refusesNonUtf8Body() {
        byte[] body = {'{', '"', (byte) 0xff, '"', ':', '1', '}'};
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parse(body));
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parse(null));
    }

    @Test
    void refusesProtectedHeaderThatIsNotAJsonObject() {
        refuse(ProblemType.MALFORMED, "[\"alg\",\"ES256\"]", "{}");
        refuse(ProblemType.MALFORMED, "alg=ES256", "{}");
        ObjectNode empty = JwsSigner.flattened("", JwsSigner.b64("{}"), JwsSigner.b64("sig"));
        Problems.expect(ProblemType.MALFORMED, () -> JwsRequest.parse(JwsSigner.bytes(empty)));
    }

    private static byte[] derOf(byte[] raw) {
        BigInteger r = new BigInteger(1, Arrays.copyOf(raw, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(raw, 32, 64));
        try {
            return new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
