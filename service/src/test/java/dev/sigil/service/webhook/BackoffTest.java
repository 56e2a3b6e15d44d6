package dev.sigil.service.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    final Backoff backoff = new Backoff(Duration.ofSeconds(30), Backoff.MAX_DELAY);

    @Test
    void delaysDoubleFromTheBaseWithJitterInTheUpperHalf() {
        // lowest (random 0) and highest (random just under 1) delay after each failure
        long[][] expectedSeconds = {{15, 30}, {30, 60}, {60, 120}, {120, 240}, {240, 480}, {480, 960}, {960, 1920}};
        for (int failures = 1; failures <= expectedSeconds.length; failures++) {
            long[] e = expectedSeconds[failures - 1];
            assertThat(backoff.delay(failures, 0.0)).as("failure %d, low", failures).isEqualTo(Duration.ofSeconds(e[0]));
            assertThat(backoff.delay(failures, 0.99999)).as("failure %d, high", failures)
                    .isBetween(Duration.ofSeconds(e[1]).minusMillis(100), Duration.ofSeconds(e[1]));
        }
        assertThat(backoff.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void delaysAreCappedAtOneHourEvenAfterManyFailures() {
        assertThat(backoff.delay(8, 0.0)).isEqualTo(Duration.ofMinutes(30)); // 64 min capped to 60, lower half cut
        assertThat(backoff.delay(8, 0.99999)).isLessThanOrEqualTo(Duration.ofHours(1));
        assertThat(backoff.delay(1000, 0.99999)).isBetween(Duration.ofMinutes(59), Duration.ofHours(1));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> backoff.delay(0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.delay(1, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofHours(2), Backoff.MAX_DELAY)).isInstanceOf(IllegalArgumentException.class);
    }
}
