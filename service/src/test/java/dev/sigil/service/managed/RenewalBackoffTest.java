package dev.sigil.service.managed;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RenewalBackoffTest {

    static final Instant NOW = Instant.parse("2026-05-04T08:00:00Z");
    static final Instant FAR = NOW.plus(Duration.ofDays(10));

    @Test
    void doublesFromAMinuteAndStopsAtAnHour() {
        assertThat(RenewalBackoff.delay(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(RenewalBackoff.delay(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(RenewalBackoff.delay(3)).isEqualTo(Duration.ofMinutes(4));
        assertThat(RenewalBackoff.delay(6)).isEqualTo(Duration.ofMinutes(32));
        assertThat(RenewalBackoff.delay(7)).isEqualTo(Duration.ofHours(1));
        assertThat(RenewalBackoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
        assertThat(RenewalBackoff.nextAttempt(3, NOW, FAR)).isEqualTo(NOW.plus(Duration.ofMinutes(4)));
    }

    @Test
    void neverWaitsPastHalfTheTimeLeftBeforeExpiry() {
        Instant notAfter = NOW.plus(Duration.ofMinutes(30));
        assertThat(RenewalBackoff.nextAttempt(7, NOW, notAfter)).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(RenewalBackoff.nextAttempt(7, NOW, NOW.plusMillis(500))).isEqualTo(NOW.plusSeconds(1));
        assertThat(RenewalBackoff.nextAttempt(2, NOW, NOW.minusSeconds(5))).as("expired: keep the pace")
                .isEqualTo(NOW.plus(Duration.ofMinutes(2)));
    }

    @Test
    void warnsWhenTheExponentialPaceWouldOutliveTheCertificate() {
        assertThat(RenewalBackoff.expiresFirst(1, NOW, NOW.plus(Duration.ofMinutes(2)))).isFalse();
        assertThat(RenewalBackoff.expiresFirst(2, NOW, NOW.plus(Duration.ofMinutes(2)))).isTrue();
        assertThat(RenewalBackoff.expiresFirst(7, NOW, NOW.plus(Duration.ofMinutes(59)))).isTrue();
    }
}
