package dev.sigil.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.output.Terminal;
import dev.sigil.cli.time.RelativeTime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One check per CA of {@code GET /api/v1/issuers}: fails once expired, warns inside {@link #WARN_WITHIN} (the server's
 * own default for {@code sigil.ca.expiry-warning}), so there is time to roll a new intermediate or root out.
 */
final class CaExpiry {

    static final Duration WARN_WITHIN = Duration.ofDays(180);

    private CaExpiry() {
    }

    static List<Check> check(JsonNode issuers, Instant now) {
        List<Check> out = new ArrayList<>();
        for (JsonNode i : ApiJson.items(issuers)) {
            String what = "CA " + Terminal.clean(ApiJson.text(i, "id").orElse("?"));
            String kind = Terminal.clean(ApiJson.text(i, "kind").orElse("CA").toLowerCase(java.util.Locale.ROOT));
            String subject = Terminal.clean(ApiJson.textOrEmpty(i, "subject"));
            Optional<Instant> notAfter = ApiJson.instant(i, "notAfter");
            if (notAfter.isEmpty()) {
                out.add(Check.warn(what, kind + " " + subject + ": the server gave no notAfter"));
                continue;
            }
            String when = RelativeTime.dateWithRelative(notAfter.get(), now);
            if (!notAfter.get().isAfter(now)) {
                out.add(Check.fail(what, kind + " " + subject + " expired " + when
                        + ": nothing it signed validates; issue a new CA"));
            } else if (notAfter.get().isBefore(now.plus(WARN_WITHIN))) {
                out.add(Check.warn(what, kind + " " + subject + " expires " + when + ", inside "
                        + WARN_WITHIN.toDays() + " days: plan its replacement"));
            } else {
                out.add(Check.ok(what, kind + " " + subject + " expires " + when));
            }
        }
        if (out.isEmpty()) {
            out.add(Check.fail("CA", "the server lists no issuers"));
        }
        return out;
    }
}
