package dev.sigil.acme.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets for one {@link RateLimit}, one bucket per key (an account id, a client IP). In memory, per node: a
 * cluster of N nodes behind a load balancer allows up to N times the limit, which is fine for limits meant to stop
 * runaway clients. Buckets that have refilled completely are dropped when the map grows large.
 */
final class TokenBuckets {

    /** Past this many keys, full buckets are swept (they carry no information). */
    static final int SWEEP_THRESHOLD = 10_000;

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long updatedNanos) {
            this.tokens = tokens;
            this.updatedNanos = updatedNanos;
        }
    }

    private final RateLimit limit;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    TokenBuckets(RateLimit limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Takes one token for {@code key}; if there is none, how long until there is. */
    Optional<Duration> tryTake(String key) {
        return take(key, true);
    }

    /** Whether {@code key} has a token left, without taking it; if not, how long until it has. */
    Optional<Duration> check(String key) {
        return take(key, false);
    }

    /** Takes a token if one is left (recording an event that already happened); never refuses. */
    void record(String key) {
        take(key, true);
    }

    private Optional<Duration> take(String key, boolean consume) {
        if (buckets.size() > SWEEP_THRESHOLD) {
            sweep();
        }
        long now = nanos();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(limit.count(), now));
        synchronized (bucket) {
            refill(bucket, now);
            if (bucket.tokens >= 1) {
                if (consume) {
                    bucket.tokens -= 1;
                }
                return Optional.empty();
            }
            double perNano = limit.count() / (double) limit.period().toNanos();
            return Optional.of(Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / perNano)));
        }
    }

    private void refill(Bucket bucket, long now) {
        long elapsed = Math.max(0, now - bucket.updatedNanos);
        double perNano = limit.count() / (double) limit.period().toNanos();
        bucket.tokens = Math.min(limit.count(), bucket.tokens + elapsed * perNano);
        bucket.updatedNanos = now;
    }

    private void sweep() {
        long now = nanos();
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                refill(e.getValue(), now);
                return e.getValue().tokens >= limit.count();
            }
        });
    }

    private long nanos() {
        // The injected clock, so tests move time instead of sleeping.
        var instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
