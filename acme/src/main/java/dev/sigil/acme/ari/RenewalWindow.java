package dev.sigil.acme.ari;

import java.time.Instant;
import java.util.Objects;

/** A suggested renewal window (RFC 9773 §4.2): renew at a time chosen at random between start and end. */
public record RenewalWindow(Instant start, Instant end) {
    public RenewalWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a renewal window ends after it starts");
        }
    }
}
