package dev.sigil.cli.managed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.output.Details;
import dev.sigil.cli.output.Table;
import dev.sigil.cli.time.RelativeTime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Human renderings of the API's managed-certificate JSON: the list table, the details and the version history. */
final class ManagedView {

    private ManagedView() {
    }

    /** An empty table with the list columns. */
    static Table table() {
        return new Table("NAME", "STATE", "VERSION", "SERIAL", "EXPIRES", "RENEWS", "FAILURES");
    }

    /** Adds one managed certificate to a {@link #table()}. */
    static void addRow(Table table, JsonNode m, Instant now) {
        table.row(ApiJson.textOrEmpty(m, "name"), ApiJson.textOrEmpty(m, "state"),
                ApiJson.textOrEmpty(m, "currentVersion"), ApiJson.textOrEmpty(m, "currentSerial"),
                relative(m, "notAfter", now), relative(m, "nextRenewalAt", now),
                ApiJson.textOrEmpty(m, "consecutiveFailures"));
    }

    /** Every field of one managed certificate. */
    static Details details(JsonNode m, Instant now) {
        String renewal = ApiJson.text(m, "renewAt").map(f -> "at " + f + " of the lifetime")
                .or(() -> ApiJson.text(m, "renewBefore").map(b -> b + " before expiry")).orElse("");
        String revoke = m.path("revokeSuperseded").asBoolean(false)
                ? "yes, " + ApiJson.text(m, "revokeGrace").map(g -> "after " + g).orElse("at once") : "no";
        return new Details()
                .add("name", ApiJson.text(m, "name"))
                .add("state", ApiJson.text(m, "state"))
                .add("common name", ApiJson.text(m, "commonName"))
                .add("SANs", String.join(", ", ApiJson.strings(m, "sans")))
                .add("profile", ApiJson.text(m, "profile"))
                .add("key type", ApiJson.text(m, "keyType"))
                .add("lifetime", ApiJson.text(m, "lifetime"))
                .add("renewal", renewal)
                .add("revoke superseded", revoke)
                .add("owner", ApiJson.text(m, "owner"))
                .add("version", ApiJson.text(m, "currentVersion"))
                .add("serial", ApiJson.text(m, "currentSerial"))
                .add("issuer", ApiJson.text(m, "currentIssuer"))
                .add("not after", full(m, "notAfter", now))
                .add("next renewal", full(m, "nextRenewalAt", now))
                .add("failures", ApiJson.text(m, "consecutiveFailures").filter(f -> !f.equals("0")))
                .add("last error", ApiJson.text(m, "lastError"))
                .add("created", ApiJson.textOrEmpty(m, "createdAt") + ApiJson.text(m, "createdBy").map(b -> " by " + b)
                        .orElse(""));
    }

    /** The version history, oldest first, or empty if the answer has none. */
    static Table history(JsonNode m) {
        Table t = new Table("VERSION", "SERIAL", "ISSUER", "NOT AFTER", "CREATED", "SUPERSEDED", "REVOKE AFTER", "REVOKED");
        List<JsonNode> versions = new ArrayList<>();
        m.path("history").forEach(versions::add);
        for (JsonNode v : versions) {
            t.row(ApiJson.textOrEmpty(v, "version"), ApiJson.textOrEmpty(v, "serial"), ApiJson.textOrEmpty(v, "issuer"),
                    ApiJson.textOrEmpty(v, "notAfter"), ApiJson.textOrEmpty(v, "createdAt"),
                    ApiJson.textOrEmpty(v, "supersededAt"), ApiJson.textOrEmpty(v, "revokeAfter"),
                    v.path("revoked").asBoolean(false) ? "yes" : "no");
        }
        return t;
    }

    private static String full(JsonNode m, String field, Instant now) {
        return ApiJson.text(m, field).map(raw -> ApiJson.instant(m, field)
                .map(t -> raw + " (" + RelativeTime.describe(t, now) + ")").orElse(raw)).orElse("");
    }

    private static String relative(JsonNode m, String field, Instant now) {
        return ApiJson.instant(m, field).map(t -> RelativeTime.dateWithRelative(t, now))
                .orElse(ApiJson.textOrEmpty(m, field));
    }
}
