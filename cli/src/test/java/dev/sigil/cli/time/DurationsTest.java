package dev.sigil.cli.time;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @Test
    void parsesTheShortForms() {
        assertThat(Durations.parse("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(Durations.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse(" 45S ")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void parsesIso8601InAnyCase() {
        assertThat(Durations.parse("P90D")).isEqualTo(Duration.ofDays(90));
        assertThat(Durations.parse("pt12h")).isEqualTo(Duration.ofHours(12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "90", "d", "1w", "-5d", "90 d", "1234567890d"})
    void rejectsWhatIsNoDuration(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a duration").hasMessageContaining("90d");
    }

    @Test
    void rejectsZeroAndNegative() {
        assertThatThrownBy(() -> Durations.parse("0d")).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> Durations.parse("PT-1H")).hasMessageContaining("must be positive");
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertThat(Durations.format(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(Durations.format(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ofSeconds(61))).isEqualTo("61s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("PT1.5S");
    }
}
