package dev.sigil.cli.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.output.Details;
import dev.sigil.cli.output.Table;
import dev.sigil.cli.time.RelativeTime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Human renderings of the API's SSH certificate JSON: the list table and the details of one. */
final class SshCertView {

    private SshCertView() {
    }

    /** An empty table with the list columns. */
    static Table table() {
        return new Table("SERIAL", "TYPE", "KEY ID", "PRINCIPALS", "VALID BEFORE", "STATUS");
    }

    /** Adds one certificate to a {@link #table()}. */
    static void addRow(Table table, JsonNode c, Instant now) {
        table.row(ApiJson.textOrEmpty(c, "serial"), ApiJson.textOrEmpty(c, "type"), ApiJson.textOrEmpty(c, "keyId"),
                String.join(",", ApiJson.strings(c, "principals")),
                ApiJson.instant(c, "validBefore").map(t -> RelativeTime.dateWithRelative(t, now))
                        .orElse(ApiJson.textOrEmpty(c, "validBefore")),
                ApiJson.textOrEmpty(c, "status"));
    }

    /** Every field of one certificate except the certificate itself. */
    static Details details(JsonNode c, Instant now) {
        JsonNode options = c.path("criticalOptions");
        return new Details()
                .add("serial", ApiJson.text(c, "serial"))
                .add("type", ApiJson.text(c, "type"))
                .add("key id", ApiJson.text(c, "keyId"))
                .add("principals", String.join(", ", ApiJson.strings(c, "principals")))
                .add("valid after", full(c, "validAfter", now))
                .add("valid before", full(c, "validBefore", now))
                .add("force command", ApiJson.text(options, "forceCommand"))
                .add("source address", ApiJson.text(options, "sourceAddress"))
                .add("verify required", options.path("verifyRequired").asBoolean(false) ? "yes" : "")
                .add("extensions", extensions(c))
                .add("key", ApiJson.text(c, "fingerprint"))
                .add("signing CA", ApiJson.text(c, "caFingerprint"))
                .add("status", ApiJson.text(c, "status"))
                .add("revoked", ApiJson.textOrEmpty(c, "revokedAt")
                        + ApiJson.text(c, "revocationReason").map(r -> " (" + r + ")").orElse(""));
    }

    private static String extensions(JsonNode c) {
        if (!c.path("extensions").isArray()) {
            return "";
        }
        List<String> names = new ArrayList<>(ApiJson.strings(c, "extensions"));
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    private static String full(JsonNode c, String field, Instant now) {
        return ApiJson.text(c, field).map(raw -> ApiJson.instant(c, field)
                .map(t -> raw + " (" + RelativeTime.describe(t, now) + ")").orElse(raw)).orElse("");
    }
}
