package dev.sigil.cli.crl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.output.Details;
import dev.sigil.cli.time.RelativeTime;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Human renderings of the API's CRL JSON (the latest full CRL, with its delta under {@code delta}); shared by
 * {@code sigil crl show} and {@code sigil ca show}.
 */
public final class CrlView {

    private static final long KIB = 1024;

    private CrlView() {
    }

    /** Adds the lines of a full CRL and its delta to {@code details}, each label after {@code prefix}. */
    public static Details addTo(Details details, String prefix, JsonNode crl, Instant now) {
        details.add(prefix + "number", ApiJson.text(crl, "number"))
                .add(prefix + "this update", time(crl, "thisUpdate", now))
                .add(prefix + "next update", nextUpdate(crl, now))
                .add(prefix + "entries", ApiJson.text(crl, "entries"))
                .add(prefix + "size", size(crl))
                .add(prefix + "published by", ApiJson.text(crl, "publishedBy"))
                .add(prefix + "url", ApiJson.text(crl, "url"));
        JsonNode delta = crl.get("delta");
        if (delta == null || !delta.isObject()) {
            return details.add(prefix + "delta", "none since this CRL");
        }
        return details.add(prefix + "delta number", ApiJson.text(delta, "number").map(n -> n
                        + ApiJson.text(delta, "baseNumber").map(b -> " (of base CRL " + b + ")").orElse("")))
                .add(prefix + "delta this update", time(delta, "thisUpdate", now))
                .add(prefix + "delta next update", nextUpdate(delta, now))
                .add(prefix + "delta entries", ApiJson.text(delta, "entries"))
                .add(prefix + "delta url", ApiJson.text(delta, "url"));
    }

    /** {@code 2026-11-23T20:00:00Z (3 minutes ago)}. */
    static Optional<String> time(JsonNode node, String field, Instant now) {
        return ApiJson.text(node, field).map(raw -> ApiJson.instant(node, field)
                .map(t -> raw + " (" + RelativeTime.describe(t, now) + ")").orElse(raw));
    }

    /** As {@link #time}, flagged when it has passed: relying parties then treat the CRL as stale. */
    static Optional<String> nextUpdate(JsonNode node, Instant now) {
        boolean passed = ApiJson.instant(node, "nextUpdate").map(t -> t.isBefore(now)).orElse(false);
        return time(node, "nextUpdate", now).map(t -> passed ? t + " STALE: past nextUpdate" : t);
    }

    /** {@code 1234 bytes} or {@code 40960 bytes (40.0 KiB)}. */
    static Optional<String> size(JsonNode crl) {
        JsonNode s = crl.get("size");
        if (s == null || !s.canConvertToLong()) {
            return Optional.empty();
        }
        long bytes = s.asLong();
        return Optional.of(bytes + " bytes" + (bytes < KIB ? "" : bytes < KIB * KIB
                ? String.format(Locale.ROOT, " (%.1f KiB)", bytes / (double) KIB)
                : String.format(Locale.ROOT, " (%.1f MiB)", bytes / (double) (KIB * KIB))));
    }
}
