package dev.sigil.cli.time;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestampsTest {

    private final Timestamps timestamps = new Timestamps(
            Clock.fixed(Instant.parse("2026-11-23T20:00:00Z"), ZoneOffset.UTC));

    @Test
    void acceptsRfc3339WithAnyOffset() {
        assertThat(timestamps.parse("2026-11-01T00:00:00Z")).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(timestamps.parse("2026-11-01T02:00:00+02:00")).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void aDurationMeansThatLongAgo() {
        assertThat(timestamps.parse("24h")).isEqualTo(Instant.parse("2026-11-22T20:00:00Z"));
        assertThat(timestamps.parse("P7D")).isEqualTo(Instant.parse("2026-11-16T20:00:00Z"));
    }

    @Test
    void rejectsAnythingElse() {
        assertThatThrownBy(() -> timestamps.parse("yesterday")).hasMessageContaining("not a time: 'yesterday'");
        assertThatThrownBy(() -> timestamps.parse("2026-11-01")).hasMessageContaining("RFC 3339");
    }
}
