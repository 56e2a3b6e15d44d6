package dev.sigil.service.bench;

import java.util.Arrays;

/**
 * Count and nearest-rank percentiles of a set of latencies, in milliseconds.
 *
 * @param count  samples
 * @param p50Ms  median
 * @param p99Ms  99th percentile (nearest rank: the smallest sample with at least 99% of samples at or below it)
 * @param maxMs  largest sample
 */
record LatencySummary(int count, double p50Ms, double p99Ms, double maxMs) {

    LatencySummary {
        if (count < 0 || p50Ms > p99Ms || p99Ms > maxMs) {
            throw new IllegalArgumentException("inconsistent summary: " + count + " " + p50Ms + " " + p99Ms + " " + maxMs);
        }
    }

    /** Summarises {@code nanos} (any order; the array is not modified). Empty input gives all zeros. */
    static LatencySummary ofNanos(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return new LatencySummary(0, 0, 0, 0);
        }
        return new LatencySummary(sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6);
    }

    /** Nearest-rank percentile of a sorted, non-empty array, in ms. */
    static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)] / 1e6;
    }
}
