package dev.sigil.cli.acme;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.output.Details;
import dev.sigil.cli.output.Table;
import dev.sigil.cli.output.Terminal;
import dev.sigil.cli.time.RelativeTime;

import java.time.Instant;
import java.util.List;

/** Human renderings of the API's ACME account JSON, and the checks of what users type for an account. */
final class AccountView {

    /** Account ids are URL-safe (RFC 3986 unreserved characters), at most 64 of them. */
    private static final String ID_PATTERN = "[A-Za-z0-9._~-]{1,64}";

    private AccountView() {
    }

    /** Whether {@code id} can be an account id; anything else is a usage error before any request. */
    static boolean validId(String id) {
        return id != null && id.matches(ID_PATTERN);
    }

    /** The API path of an account. */
    static String path(String id) {
        return "/acme/accounts/" + Query.encode(id);
    }

    static Table table() {
        return new Table("ID", "DIRECTORY", "STATUS", "CREATED", "ORDERS", "CERTS", "VALID", "CONTACT");
    }

    static void addRow(Table table, JsonNode a, Instant now) {
        List<String> contacts = ApiJson.strings(a, "contacts");
        table.row(ApiJson.textOrEmpty(a, "id"), ApiJson.textOrEmpty(a, "directory"), ApiJson.textOrEmpty(a, "status"),
                ApiJson.instant(a, "createdAt").map(t -> RelativeTime.dateWithRelative(t, now))
                        .orElse(ApiJson.textOrEmpty(a, "createdAt")),
                a.path("orders").asText(""), a.path("certificates").asText(""), a.path("validCertificates").asText(""),
                contacts.isEmpty() ? "-" : contacts.get(0) + (contacts.size() > 1 ? " (+" + (contacts.size() - 1) + ")" : ""));
    }

    static Details details(JsonNode a, Instant now) {
        return new Details()
                .add("id", ApiJson.text(a, "id"))
                .add("directory", ApiJson.text(a, "directory"))
                .add("status", ApiJson.text(a, "status"))
                .add("created", ApiJson.text(a, "createdAt").map(raw -> ApiJson.instant(a, "createdAt")
                        .map(t -> raw + " (" + RelativeTime.describe(t, now) + ")").orElse(raw)))
                .add("contacts", String.join(", ", ApiJson.strings(a, "contacts")))
                .add("key thumbprint", ApiJson.text(a, "keyThumbprint"))
                .add("EAB key", ApiJson.text(a, "eabKeyId"))
                .add("orders", a.path("orders").asText(""))
                .add("certificates", a.path("certificates").asText(""))
                .add("valid certificates", a.path("validCertificates").asText(""));
    }

    /** "account ID (directory D, status S)" for messages. */
    static String describe(JsonNode a) {
        return Terminal.clean("ACME account " + ApiJson.textOrEmpty(a, "id") + " (directory "
                + ApiJson.textOrEmpty(a, "directory") + ", " + ApiJson.textOrEmpty(a, "status") + ")");
    }

    static String certificates(long n) {
        return n + " certificate" + (n == 1 ? "" : "s");
    }
}
