package dev.sigil.cli.doctor;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Compares this machine's clock with the server's, read from the HTTP {@code Date} header (RFC 9110 §6.6.1, whole
 * seconds). A skewed client misjudges expiry and sees fresh certificates as not yet valid.
 */
final class ClockSkew {

    /** Beyond this the check warns. */
    static final Duration WARN_ABOVE = Duration.ofSeconds(30);
    /** Beyond this the check fails. */
    static final Duration FAIL_ABOVE = Duration.ofMinutes(5);
    static final String WHAT = "clock";

    private ClockSkew() {
    }

    /**
     * @param date the {@code Date} header of an answer
     * @param now  this machine's time when the server answered (best estimate: halfway through the request)
     */
    static Check check(Optional<String> date, Instant now) {
        if (date.isEmpty()) {
            return Check.warn(WHAT, "not checked: the server sent no Date header");
        }
        Instant server;
        try {
            server = DateTimeFormatter.RFC_1123_DATE_TIME.parse(date.get().strip(), Instant::from);
        } catch (DateTimeParseException e) {
            return Check.warn(WHAT, "not checked: the server's Date header '" + date.get() + "' does not parse");
        }
        // The header has whole seconds (the server's time is in [Date, Date + 1 s)), so under 2 s apart is in sync.
        Duration skew = Duration.between(now, server);
        long seconds = skew.abs().getSeconds();
        if (seconds < 2) {
            return Check.ok(WHAT, "in sync with the server (within 2 s; the Date header has whole seconds)");
        }
        String how = "this machine's clock is " + human(seconds) + (skew.isNegative() ? " ahead of" : " behind")
                + " the server's";
        if (seconds > FAIL_ABOVE.getSeconds()) {
            return Check.fail(WHAT, how + " (more than " + FAIL_ABOVE.toMinutes() + " min): expiry and validity"
                    + " checks here are wrong; sync the clock (NTP)");
        }
        if (seconds > WARN_ABOVE.getSeconds()) {
            return Check.warn(WHAT, how + " (more than " + WARN_ABOVE.getSeconds() + " s); sync the clock (NTP)");
        }
        return Check.ok(WHAT, how);
    }

    private static String human(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
