package dev.sigil.acme.validation;

import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The instant by which one validation attempt must be done. Every DNS query, connect and read is given only what
 * remains, so that a slow peer (or one that drips a byte a second) cannot stretch an attempt past its limit.
 */
final class Deadline {

    private final long endNanos;
    private final Duration budget;

    private Deadline(long endNanos, Duration budget) {
        this.endNanos = endNanos;
        this.budget = budget;
    }

    static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos(), budget);
    }

    /** The whole time this attempt was given, for messages ("timed out after 10s"). */
    Duration budget() {
        return budget;
    }

    Duration remaining() {
        long left = endNanos - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    boolean expired() {
        return endNanos - System.nanoTime() <= 0;
    }

    /** What remains as a socket timeout (never 0, which sockets read as "forever"); throws once nothing remains. */
    int socketTimeoutMillis() throws SocketTimeoutException {
        long left = endNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline reached");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Duration.ofNanos(left).toMillis()));
    }

    /** "10s", "1.5s": how budgets appear in problem details. */
    static String describe(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
