package dev.sigil.cli.time;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Parses the points in time users type: an RFC 3339 timestamp ({@code 2026-11-23T20:00:00Z}) or a duration meaning
 * "that long ago" ({@code 24h}, {@code 7d}), so that {@code --from 24h} reads naturally.
 */
public final class Timestamps {

    private final Clock clock;

    /** @param clock the source of "now" for relative inputs */
    public Timestamps(Clock clock) {
        this.clock = clock;
    }

    /** @throws IllegalArgumentException with a message fit for the user */
    public Instant parse(String text) {
        String t = text == null ? "" : text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notRfc3339) {
            try {
                return clock.instant().minus(Durations.parse(t));
            } catch (IllegalArgumentException notDuration) {
                throw new IllegalArgumentException("not a time: '" + text
                        + "' (use RFC 3339 such as 2026-11-23T20:00:00Z, or a duration ago such as 24h)");
            }
        }
    }
}
