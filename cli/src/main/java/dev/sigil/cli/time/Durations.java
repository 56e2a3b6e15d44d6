package dev.sigil.cli.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The duration syntax of the Sigil API ({@code 90d}, {@code 12h}, {@code 30m}, {@code 45s} or ISO-8601 such as
 * {@code P90D}), checked on the client so that a typo is a usage error before anything is sent.
 */
public final class Durations {

    /** Longest number accepted in the short form; the server uses the same bound. */
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([dhms])");

    private static final long SECONDS_PER_DAY = 86_400;
    private static final long SECONDS_PER_HOUR = 3_600;
    private static final long SECONDS_PER_MINUTE = 60;

    private Durations() {
    }

    /**
     * Parses a positive duration.
     *
     * @throws IllegalArgumentException with a message fit for the user if the text is not a positive duration
     */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        var m = SHORT.matcher(t);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        } else {
            try {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "not a duration: '" + text + "' (use e.g. 90d, 12h, 30m, 45s or P90D)");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("duration must be positive: '" + text + "'");
        }
        return d;
    }

    /** Renders a duration in the short form when that is exact ({@code 90d}), else as ISO-8601. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (d.getNano() != 0) {
            return d.toString();
        }
        if (s % SECONDS_PER_DAY == 0) {
            return s / SECONDS_PER_DAY + "d";
        }
        if (s % SECONDS_PER_HOUR == 0) {
            return s / SECONDS_PER_HOUR + "h";
        }
        if (s % SECONDS_PER_MINUTE == 0) {
            return s / SECONDS_PER_MINUTE + "m";
        }
        return s + "s";
    }
}
