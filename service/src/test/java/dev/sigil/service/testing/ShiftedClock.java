package dev.sigil.service.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock plus an offset tests can move forward: time runs normally (rate limits refill, timeouts pass)
 * until a test jumps ahead, e.g. past an expiry several nodes must all see at once.
 */
public final class ShiftedClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    public void jump(Duration d) {
        offset = offset.plus(d);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
