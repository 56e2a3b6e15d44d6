package dev.sigil.cli.login;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FingerprintTest {

    private static final String HEX = "3f9a1c2b" + "00112233445566778899aabbccddeeff" + "0123456789abcdef01234567";

    @Test
    void theFormsOperatorsCopyAllParse() {
        Fingerprint plain = Fingerprint.parse(HEX);
        String colons = plain.toString();

        assertThat(colons).startsWith("3F:9A:1C:2B:00:11").hasSize(95);
        assertThat(Fingerprint.parse("SHA256:" + colons)).isEqualTo(plain);
        assertThat(Fingerprint.parse("sha256:" + HEX.toUpperCase())).isEqualTo(plain);
        assertThat(Fingerprint.parse("SHA-256:" + colons)).isEqualTo(plain);
        assertThat(Fingerprint.parse("  " + colons + "\n")).isEqualTo(plain);
    }

    @Test
    void anythingElseIsRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> Fingerprint.parse("SHA256:" + HEX.substring(2)))
                .hasMessageContaining("is not a SHA-256 fingerprint").hasMessageContaining("64 hex");
        assertThatThrownBy(() -> Fingerprint.parse("SHA1:" + HEX)).hasMessageContaining("is not a SHA-256");
        assertThatThrownBy(() -> Fingerprint.parse(HEX.replace('a', 'g'))).hasMessageContaining("is not a SHA-256");
    }
}
