package dev.sigil.acme.jws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.acme.testing.JwsSigner;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountKeyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** RFC 7638 §3.1: the example RSA key (with optional members that must not count) and its thumbprint. */
    static final String RFC7638_N = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1"
            + "L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2Qvzq"
            + "Y368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcR"
            + "wr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
    static final String RFC7638_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";
    /** RFC 7515 A.3: the example P-256 key. */
    static final String A3_X = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    static final String A3_Y = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";

    static List<Supplier<JwsSigner>> signers() {
        return List.of(JwsSigner::es256, JwsSigner::es384, JwsSigner::es512, JwsSigner::rs256, JwsSigner::ed25519);
    }

    @Test
    void thumbprintMatchesRfc7638Example() throws Exception {
        AccountKey key = AccountKey.fromJwk(JSON.readTree("{\"kty\":\"RSA\",\"n\":\"" + RFC7638_N
                + "\",\"e\":\"AQAB\",\"alg\":\"RS256\",\"kid\":\"2011-04-29\"}"));
        assertThat(key.thumbprint()).isEqualTo(RFC7638_THUMBPRINT);
        assertThat(key.jwkJson()).isEqualTo("{\"e\":\"AQAB\",\"kty\":\"RSA\",\"n\":\"" + RFC7638_N + "\"}");
        assertThat(key.algorithms()).containsExactly("RS256");
    }

    @Test
    void canonicalEcJwkHasRequiredMembersInOrder() throws Exception {
        AccountKey key = AccountKey.fromJwk(JSON.readTree("{\"y\":\"" + A3_Y + "\",\"x\":\"" + A3_X
                + "\",\"use\":\"sig\",\"kty\":\"EC\",\"crv\":\"P-256\"}"));
        assertThat(key.jwkJson()).isEqualTo("{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + A3_X + "\",\"y\":\""
                + A3_Y + "\"}");
        assertThat(key.algorithms()).containsExactly("ES256");
    }

    @ParameterizedTest
    @MethodSource("signers")
    void parsedKeyIsTheSignersKeyAndThumbprintsAgree(Supplier<JwsSigner> factory) {
        JwsSigner signer = factory.get();
        AccountKey key = AccountKey.fromJwk(signer.jwk());
        // Cross-check with the JDK: same SubjectPublicKeyInfo as the key the JDK generated.
        assertThat(key.publicKey().getEncoded()).containsExactly(signer.publicKey().getEncoded());
        assertThat(key.thumbprint()).isEqualTo(signer.thumbprint());
        assertThat(key.jwkJson()).isEqualTo(JwsSigner.json(signer.jwk()));
        assertThat(key.algorithms()).containsExactly(signer.algorithm());
        assertThat(key.sameKeyAs(signer.publicKey())).isTrue();
        assertThat(AccountKey.of(signer.publicKey())).isEqualTo(AccountKey.fromJwkJson(key.jwkJson()))
                .extracting(AccountKey::thumbprint).isEqualTo(key.thumbprint());
    }

    @Test
    void differentKeysAreNotTheSame() {
        JwsSigner a = JwsSigner.es256();
        JwsSigner b = JwsSigner.es256();
        AccountKey keyA = AccountKey.fromJwk(a.jwk());
        assertThat(keyA.sameKeyAs(b.publicKey())).isFalse();
        assertThat(keyA.sameKeyAs(AccountKey.fromJwk(b.jwk()))).isFalse();
        assertThat(keyA.sameKeyAs(AccountKey.fromJwk(a.jwk()))).isTrue();
        assertThat(keyA.thumbprint()).isNotEqualTo(b.thumbprint());
    }

    @Test
    void unsupportedKeyTypesAreNeverTheSameAndNotAccountKeys() throws Exception {
        KeyPairGenerator secp256k1 = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        secp256k1.initialize(new ECGenParameterSpec("secp256k1"));
        PublicKey bitcoinCurve = secp256k1.generateKeyPair().getPublic();
        PublicKey x25519 = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic();
        AccountKey key = AccountKey.fromJwk(JwsSigner.es256().jwk());
        for (PublicKey foreign : List.of(bitcoinCurve, x25519)) {
            assertThat(key.sameKeyAs(foreign)).isFalse();
            Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.of(foreign));
        }
    }

    @Test
    void ofAppliesTheSamePolicyAsFromJwk() {
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.of(JwsSigner.rsa1024().publicKey()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"})
    void refusesPrivateMembers(String member) {
        ObjectNode jwk = JwsSigner.es256().jwk();
        jwk.put(member, "AQAB");
        assertThat(Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(jwk)).detail())
                .contains("\"" + member + "\"");
    }

    @Test
    void refusesEcPointNotOnCurve() {
        byte[] y = new BigInteger(1, Base64Url.decode(A3_Y)).add(BigInteger.ONE).toByteArray();
        ObjectNode jwk = ec("P-256", A3_X, Base64Url.encode(java.util.Arrays.copyOfRange(y, y.length - 32, y.length)));
        assertThat(Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(jwk)).detail())
                .contains("not on curve");
        // The untouched key is fine, so the refusal is about the point.
        assertThat(AccountKey.fromJwk(ec("P-256", A3_X, A3_Y)).algorithms()).containsExactly("ES256");
    }

    @Test
    void refusesEcCoordinatesOutsideTheField() {
        // x = p (the P-256 prime) is 32 bytes but not a field element.
        String p = Base64Url.encode(unsigned(EcCurve.P256.prime()));
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(ec("P-256", p, A3_Y)));
    }

    @Test
    void refusesEcCoordinatesOfTheWrongLength() {
        String shortX = Base64Url.encode(java.util.Arrays.copyOfRange(Base64Url.decode(A3_X), 1, 32));
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(ec("P-256", shortX, A3_Y)));
        // A P-256 key labelled P-384 has the wrong coordinate length for that curve.
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(ec("P-384", A3_X, A3_Y)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256k1", "P-192", "Ed25519", ""})
    void refusesUnsupportedEcCurves(String crv) {
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(ec(crv, A3_X, A3_Y)));
    }

    @Test
    void refusesUnsupportedKeyTypesAndShapes() throws Exception {
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(JSON.readTree("{\"kty\":\"oct\"}")));
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(JSON.readTree("{\"crv\":\"P-256\"}")));
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(JSON.readTree("{\"kty\":7}")));
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(JSON.readTree("[1]")));
        ObjectNode numericX = ec("P-256", A3_X, A3_Y);
        numericX.put("x", 12);
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(numericX));
        ObjectNode paddedX = ec("P-256", A3_X + "=", A3_Y);
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(paddedX));
    }

    @Test
    void refusesRsa1024() {
        ObjectNode jwk = JwsSigner.rsa1024().jwk();
        assertThat(Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(jwk)).detail())
                .contains("2048");
    }

    @Test
    void refusesBadRsaExponentsAndNonMinimalModulus() {
        ObjectNode good = rsa(RFC7638_N, "AQAB");
        assertThat(AccountKey.fromJwk(good).thumbprint()).isEqualTo(RFC7638_THUMBPRINT);
        for (String e : List.of("AQ" /* 1 */, "AQA" /* 256, even */, "AAEAAQ" /* 65537 with a leading zero */)) {
            Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(rsa(RFC7638_N, e)));
        }
        // A leading zero octet would give the client a different thumbprint from ours.
        String paddedN = Base64Url.encode(concat(new byte[1], Base64Url.decode(RFC7638_N)));
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(rsa(paddedN, "AQAB")));
        byte[] even = Base64Url.decode(RFC7638_N);
        even[even.length - 1] &= (byte) 0xfe;
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(rsa(Base64Url.encode(even), "AQAB")));
    }

    @Test
    void refusesBadEd25519Keys() {
        ObjectNode shortKey = okp("Ed25519", Base64Url.encode(new byte[31]));
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(shortKey));
        // The identity point (y = 1) has small order: no honest key, and every signature "verifies" under it.
        byte[] identity = new byte[32];
        identity[0] = 1;
        ObjectNode identityKey = okp("Ed25519", Base64Url.encode(identity));
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(identityKey));
        ObjectNode ed448 = okp("Ed448", Base64Url.encode(new byte[57]));
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(ed448));
        ObjectNode x25519 = JwsSigner.ed25519().jwk().put("crv", "X25519");
        Problems.expect(ProblemType.BAD_PUBLIC_KEY, () -> AccountKey.fromJwk(x25519));
    }

    @Test
    void fromJwkJsonRefusesNonObjects() {
        Problems.expect(ProblemType.MALFORMED, () -> AccountKey.fromJwkJson("not json"));
        Problems.expect(ProblemType.MALFORMED, () -> AccountKey.fromJwkJson("[]"));
    }

    @Test
    void constructorRefusesInconsistentComponents() {
        AccountKey key = AccountKey.fromJwk(JwsSigner.es256().jwk());
        AccountKey other = AccountKey.fromJwk(JwsSigner.es256().jwk());
        assertThatThrownBy(() -> new AccountKey(key.publicKey(), other.jwkJson(), other.thumbprint()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccountKey(key.publicKey(), key.jwkJson(), other.thumbprint()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new AccountKey(key.publicKey(), key.jwkJson(), key.thumbprint())).isEqualTo(key);
    }

    private static ObjectNode ec(String crv, String x, String y) {
        ObjectNode jwk = JSON.createObjectNode();
        jwk.put("kty", "EC");
        jwk.put("crv", crv);
        jwk.put("x", x);
        jwk.put("y", y);
        return jwk;
    }

    private static ObjectNode rsa(String n, String e) {
        ObjectNode jwk = JSON.createObjectNode();
        jwk.put("kty", "RSA");
        jwk.put("n", n);
        jwk.put("e", e);
        return jwk;
    }

    private static ObjectNode okp(String crv, String x) {
        ObjectNode jwk = JSON.createObjectNode();
        jwk.put("kty", "OKP");
        jwk.put("crv", crv);
        jwk.put("x", x);
        return jwk;
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
