package dev.sigil.service.webhook;

import java.time.Duration;
import java.util.Objects;

/**
 * When a failed delivery is tried again: {@code base} after the first failure, doubling with each further one,
 * capped at {@code cap}; each delay is drawn from its upper half ("equal jitter"), so that deliveries that failed
 * together (a receiver outage) do not all come back in the same second, while the schedule stays predictable.
 */
public record Backoff(Duration base, Duration cap) {

    /** Longest wait between two attempts of one delivery. */
    public static final Duration MAX_DELAY = Duration.ofHours(1);
    /** 2^20 times any base over a millisecond is past any cap: no need to shift further (and overflow). */
    private static final int MAX_DOUBLINGS = 20;

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("the retry base must be positive and at most " + cap);
        }
    }

    /**
     * @param failures attempts that failed so far (at least 1)
     * @param random   uniform in [0, 1): where in the upper half the delay falls
     */
    public Duration delay(int failures, double random) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1");
        }
        if (random < 0 || random >= 1) {
            throw new IllegalArgumentException("random must be in [0, 1)");
        }
        Duration full = base.multipliedBy(1L << Math.min(failures - 1, MAX_DOUBLINGS));
        if (full.compareTo(cap) > 0) {
            full = cap;
        }
        Duration half = full.dividedBy(2);
        return half.plusMillis((long) (full.minus(half).toMillis() * random));
    }
}
