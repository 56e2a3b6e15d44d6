package dev.sigil.service.bench;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencySummaryTest {

    private static final long MS = 1_000_000;

    @Test
    void nearestRankPercentilesOfUnsortedInput() {
        // 1..100 ms, shuffled: p50 is the 50th value, p99 the 99th
        long[] nanos = LongStream.rangeClosed(1, 100).map(i -> ((i * 37) % 100 + 1) * MS).toArray();
        LatencySummary s = LatencySummary.ofNanos(nanos);
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50Ms()).isEqualTo(50.0);
        assertThat(s.p99Ms()).isEqualTo(99.0);
        assertThat(s.maxMs()).isEqualTo(100.0);
        assertThat(nanos[0]).as("input left unsorted").isEqualTo(38 * MS);
    }

    @Test
    void smallSamplesRoundUpToAnObservedValue() {
        LatencySummary s = LatencySummary.ofNanos(new long[] {3 * MS, 1 * MS, 2 * MS});
        assertThat(s.p50Ms()).isEqualTo(2.0);
        assertThat(s.p99Ms()).isEqualTo(3.0);
        assertThat(LatencySummary.ofNanos(new long[] {7 * MS})).isEqualTo(new LatencySummary(1, 7, 7, 7));
    }

    @Test
    void emptyIsAllZeros() {
        assertThat(LatencySummary.ofNanos(new long[0])).isEqualTo(new LatencySummary(0, 0, 0, 0));
    }

    @Test
    void rejectsAnInconsistentSummary() {
        assertThatThrownBy(() -> new LatencySummary(2, 5, 4, 6)).isInstanceOf(IllegalArgumentException.class);
    }
}
