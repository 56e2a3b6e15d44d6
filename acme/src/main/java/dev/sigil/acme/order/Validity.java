package dev.sigil.acme.order;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.acme.directory.DirectorySettings;
import dev.sigil.acme.http.AcmeJson;
import dev.sigil.acme.problem.AcmeProblem;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The notBefore / notAfter of a newOrder (RFC 8555 §7.4), RFC 3339, checked against the directory's limits; a
 * request outside them is {@code malformed} (nothing is stored).
 */
record Validity(Optional<Instant> notBefore, Optional<Instant> notAfter) {

    static Validity parse(JsonNode payload, DirectorySettings directory, Instant now) {
        Optional<Instant> notBefore = AcmeJson.optionalText(payload, "notBefore").map(t -> AcmeJson.parseTime(t,
                "notBefore"));
        Optional<Instant> notAfter = AcmeJson.optionalText(payload, "notAfter").map(t -> AcmeJson.parseTime(t,
                "notAfter"));
        if (notBefore.isPresent()) {
            if (notBefore.get().isBefore(now.minus(directory.maxBackdate()))) {
                throw AcmeProblem.malformed("\"notBefore\" may be at most " + describe(directory.maxBackdate())
                        + " in the past");
            }
            if (notBefore.get().isAfter(now.plus(directory.maxNotBeforeAhead()))) {
                throw AcmeProblem.malformed("\"notBefore\" may be at most " + describe(directory.maxNotBeforeAhead())
                        + " in the future");
            }
        }
        if (notAfter.isPresent()) {
            Instant start = notBefore.orElse(now);
            if (!notAfter.get().isAfter(start)) {
                throw AcmeProblem.malformed("\"notAfter\" must be later than \"notBefore\" and now");
            }
            directory.maxCertificateLifetime().ifPresent(max -> {
                if (Duration.between(start, notAfter.get()).compareTo(max) > 0) {
                    throw AcmeProblem.malformed("certificates of this directory last at most " + describe(max));
                }
            });
        }
        return new Validity(notBefore, notAfter);
    }

    private static String describe(Duration d) {
        if (d.toSeconds() % 86_400 == 0) {
            return d.toDays() + " days";
        }
        if (d.toSeconds() % 3_600 == 0) {
            return d.toHours() + " hours";
        }
        return d.toSeconds() + " seconds";
    }
}
