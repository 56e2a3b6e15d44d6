package dev.sigil.cli.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RelativeTimeTest {

    private static final Instant NOW = Instant.parse("2026-11-23T20:00:00Z");

    private static String at(Duration offset) {
        return RelativeTime.describe(NOW.plus(offset), NOW);
    }

    @Test
    void futureAndPastInDays() {
        assertThat(at(Duration.ofDays(3))).isEqualTo("in 3 days");
        assertThat(at(Duration.ofDays(-2))).isEqualTo("2 days ago");
        assertThat(at(Duration.ofDays(1).plusHours(23))).isEqualTo("in 1 day");
    }

    @Test
    void smallerUnitsBelowADay() {
        assertThat(at(Duration.ofHours(23).plusMinutes(59))).isEqualTo("in 23 hours");
        assertThat(at(Duration.ofHours(-1))).isEqualTo("1 hour ago");
        assertThat(at(Duration.ofMinutes(5))).isEqualTo("in 5 minutes");
        assertThat(at(Duration.ofSeconds(-1))).isEqualTo("1 second ago");
        assertThat(at(Duration.ofSeconds(59))).isEqualTo("in 59 seconds");
        assertThat(at(Duration.ZERO)).isEqualTo("now");
    }

    @Test
    void dateWithRelativeUsesTheUtcDate() {
        assertThat(RelativeTime.dateWithRelative(Instant.parse("2027-02-21T23:30:00Z"), NOW))
                .isEqualTo("2027-02-21 (in 90 days)");
    }
}
