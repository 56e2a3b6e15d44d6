package dev.sigil.acme.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * A token-bucket limit: at most {@code count} events per {@code period}, refilled continuously, bursts up to
 * {@code count}.
 */
public record RateLimit(int count, Duration period) {
    public RateLimit {
        Objects.requireNonNull(period, "period");
        if (count < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate limit needs a positive count and period");
        }
    }

    public static RateLimit perMinute(int count) {
        return new RateLimit(count, Duration.ofMinutes(1));
    }

    public static RateLimit perHour(int count) {
        return new RateLimit(count, Duration.ofHours(1));
    }
}
