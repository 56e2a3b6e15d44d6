package dev.sigil.service.managed;

import java.time.Duration;
import java.time.Instant;

/**
 * When a managed certificate is tried again after failed renewals: 1m, 2m, 4m, ... capped at 1h, but never later
 * than halfway to the current certificate's notAfter, so that several attempts still fit before it expires.
 */
final class RenewalBackoff {

    static final Duration FIRST = Duration.ofMinutes(1);
    static final Duration MAX = Duration.ofHours(1);
    /** Shortest wait, once the certificate is so close to expiry that half the rest is less. */
    static final Duration MIN = Duration.ofSeconds(1);
    /** 2^6 minutes already exceeds the cap; larger shifts would only overflow. */
    private static final int MAX_SHIFT = 6;

    private RenewalBackoff() {
    }

    /** The exponential delay after the {@code failures}-th failure in a row, regardless of expiry. */
    static Duration delay(int failures) {
        Duration d = FIRST.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), MAX_SHIFT));
        return d.compareTo(MAX) > 0 ? MAX : d;
    }

    /** The next attempt after the {@code failures}-th failure in a row at {@code now}. */
    static Instant nextAttempt(int failures, Instant now, Instant notAfter) {
        Duration d = delay(failures);
        Duration remaining = Duration.between(now, notAfter);
        if (!remaining.isNegative()) {
            Duration half = remaining.dividedBy(2);
            if (half.compareTo(d) < 0) {
                d = half.compareTo(MIN) < 0 ? MIN : half;
            }
        }
        return now.plus(d);
    }

    /** True if, at the exponential pace, the certificate would expire before the next attempt: time to tell someone. */
    static boolean expiresFirst(int failures, Instant now, Instant notAfter) {
        return !now.plus(delay(failures)).isBefore(notAfter);
    }
}
