package dev.sigil.storage.managed;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ManagedSpec's validation of what clients send. */
class ManagedSpecTest {

    private static ManagedSpec withCommonName(String cn) {
        return new ManagedSpec("fuzz2", Optional.of(cn), List.of(), "server", "EC_P256", Duration.ofDays(30),
                new RenewalRule.BeforeExpiry(Duration.ofDays(7)), Optional.empty(), false, Duration.ZERO);
    }

    /** Regression (AdminApiFuzzTest, seed 9027643213345674681, input #2): a lone high surrogate ended in a 500. */
    @Test
    void aCommonNameWithAnUnpairedSurrogateIsRefused() {
        assertThatThrownBy(() -> withCommonName("fuzz2.internal\ud83d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commonName")
                .hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> withCommonName("\ude00fuzz2.internal")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCommonNameWithPairedSurrogatesAndOtherUnicodeIsKept() {
        assertThat(withCommonName("caf\u00e9 \ud83d\ude00").commonName()).contains("caf\u00e9 \ud83d\ude00");
    }
}
