package dev.sigil.cli.time;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Human renderings of instants relative to "now": {@code in 3 days}, {@code 2 hours ago}. */
public final class RelativeTime {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private static final long SECONDS_PER_MINUTE = 60;
    private static final long SECONDS_PER_HOUR = 3_600;
    private static final long SECONDS_PER_DAY = 86_400;

    private RelativeTime() {
    }

    /**
     * Describes {@code then} as seen from {@code now}, in the largest whole unit (days, hours, minutes, seconds),
     * rounded towards zero: {@code in 3 days}, {@code 1 hour ago}, {@code now}.
     */
    public static String describe(Instant then, Instant now) {
        long seconds = Duration.between(now, then).getSeconds();
        if (seconds == 0) {
            return "now";
        }
        String amount = amount(Math.abs(seconds));
        return seconds > 0 ? "in " + amount : amount + " ago";
    }

    /** The UTC date followed by the relative rendering: {@code 2027-02-21 (in 90 days)}. */
    public static String dateWithRelative(Instant then, Instant now) {
        return DATE.format(then) + " (" + describe(then, now) + ")";
    }

    private static String amount(long seconds) {
        if (seconds >= SECONDS_PER_DAY) {
            return plural(seconds / SECONDS_PER_DAY, "day");
        }
        if (seconds >= SECONDS_PER_HOUR) {
            return plural(seconds / SECONDS_PER_HOUR, "hour");
        }
        if (seconds >= SECONDS_PER_MINUTE) {
            return plural(seconds / SECONDS_PER_MINUTE, "minute");
        }
        return plural(seconds, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
