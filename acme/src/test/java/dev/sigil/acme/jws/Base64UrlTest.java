package dev.sigil.acme.jws;

import dev.sigil.acme.problem.ProblemType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Base64UrlTest {

    @Test
    void encodesRfc4648VectorsWithoutPadding() {
        // RFC 4648 §10, padding removed as RFC 7515 §2 wants.
        String[][] vectors = {{"", ""}, {"f", "Zg"}, {"fo", "Zm8"}, {"foo", "Zm9v"}, {"foob", "Zm9vYg"},
                {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}};
        for (String[] v : vectors) {
            assertThat(Base64Url.encode(v[0].getBytes(StandardCharsets.US_ASCII))).isEqualTo(v[1]);
            assertThat(new String(Base64Url.decode(v[1]), StandardCharsets.US_ASCII)).isEqualTo(v[0]);
        }
    }

    @Test
    void usesTheUrlAlphabet() {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf};
        assertThat(Base64Url.encode(bytes)).isEqualTo("-_-_");
        assertThat(Base64Url.decode("-_-_")).containsExactly(bytes);
    }

    @Test
    void roundTripsRandomBytesOfEveryLength() {
        Random random = new Random(7515);
        for (int length = 0; length < 70; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String encoded = Base64Url.encode(bytes);
            assertThat(Base64Url.isCanonical(encoded)).isTrue();
            assertThat(Base64Url.decode(encoded)).containsExactly(bytes);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zg==", "Zm8=", "Zg=", "+/+/", "ab/c", "Zm 9v", "Zm9v\n", "Zm9vY", "Zh", "Zm9"})
    void refusesPaddingForeignCharactersImpossibleLengthsAndNonZeroTrailingBits(String encoded) {
        // "Zh" and "Zm9" decode to "f"/"fo" with stray low bits set: a second spelling of the same bytes.
        Problems.expect(ProblemType.MALFORMED, () -> Base64Url.decode(encoded, "test value"));
        assertThat(Base64Url.isCanonical(encoded)).isFalse();
    }

    @Test
    void namesWhatWasMalformed() {
        assertThat(Problems.expect(ProblemType.MALFORMED, () -> Base64Url.decode("a=", "JWS payload")).detail())
                .contains("JWS payload");
    }
}
