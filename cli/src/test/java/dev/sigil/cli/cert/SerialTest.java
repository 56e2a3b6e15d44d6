package dev.sigil.cli.cert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SerialTest {

    @ParameterizedTest
    @CsvSource({"5f0c2d,5f0c2d", "5F:0C:2D,5f0c2d", "00:ab,ab", "0x7C1E,7c1e", "serial=0A,a", "0,0", "000,0"})
    void normalizesWhatPeoplePaste(String input, String expected) {
        assertThat(Serial.parse(input).hex()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "xyz", "5f-0c", "12345678901234567890123456789012345678901"})
    void rejectsNonHexAndOverlongSerials(String input) {
        assertThatThrownBy(() -> Serial.parse(input)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a certificate serial");
    }

    @Test
    void theConstructorOnlyTakesNormalizedSerials() {
        assertThatThrownBy(() -> new Serial("0ab")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Serial("AB")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Serial("ab").toString()).isEqualTo("ab");
    }
}
