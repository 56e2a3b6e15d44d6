package dev.sigil.cli.cert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.output.Csv;
import dev.sigil.cli.output.Details;
import dev.sigil.cli.output.Table;
import dev.sigil.cli.output.Terminal;
import dev.sigil.cli.time.RelativeTime;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Human renderings of the API's certificate JSON: the list table, the issue summary and the full details. */
final class CertificateView {

    private CertificateView() {
    }

    /** An empty table with the list columns. */
    static Table table() {
        return new Table("SERIAL", "SUBJECT", "PROFILE", "STATUS", "EXPIRES");
    }

    /** Adds one certificate to a {@link #table()}. */
    static void addRow(Table table, JsonNode cert, Instant now) {
        table.row(ApiJson.textOrEmpty(cert, "serial"), name(cert), ApiJson.textOrEmpty(cert, "profile"),
                ApiJson.textOrEmpty(cert, "status"), expires(cert, now));
    }

    /** The subject, or the first SAN when the subject is empty. */
    static String name(JsonNode cert) {
        Optional<String> subject = ApiJson.text(cert, "subject");
        if (subject.isPresent()) {
            return subject.get();
        }
        List<String> sans = ApiJson.strings(cert, "sans");
        return sans.isEmpty() ? "" : sans.get(0);
    }

    /** Certificates as RFC 4180 CSV: the {@link CertListCommand#CSV_COLUMNS} header, then one record each. */
    static void csv(PrintStream out, List<JsonNode> certs) {
        Csv csv = new Csv(out, CertListCommand.CSV_COLUMNS.toArray(String[]::new));
        for (JsonNode c : certs) {
            csv.row(CertListCommand.CSV_COLUMNS.stream()
                    .map(col -> col.equals("sans") ? String.join(" ", ApiJson.strings(c, "sans"))
                            : ApiJson.textOrEmpty(c, col))
                    .toList());
        }
    }

    /** The few lines printed after issuing. */
    static Details summary(JsonNode cert, Instant now) {
        return new Details()
                .add("serial", ApiJson.text(cert, "serial"))
                .add("issuer", ApiJson.text(cert, "issuer"))
                .add("subject", ApiJson.text(cert, "subject"))
                .add("SANs", String.join(", ", ApiJson.strings(cert, "sans")))
                .add("profile", ApiJson.text(cert, "profile"))
                .add("notAfter", timeWithRelative(cert, "notAfter", now));
    }

    /** Every field of one certificate, for {@code sigil cert show}. */
    static Details details(JsonNode cert, Instant now) {
        Optional<String> revoked = ApiJson.text(cert, "revokedAt").map(at -> at
                + ApiJson.text(cert, "revocationReason").map(r -> " (" + r + ")").orElse(""));
        return new Details()
                .add("serial", ApiJson.text(cert, "serial"))
                .add("issuer", ApiJson.text(cert, "issuer"))
                .add("subject", ApiJson.text(cert, "subject"))
                .add("SANs", String.join(", ", ApiJson.strings(cert, "sans")))
                .add("key type", ApiJson.text(cert, "keyType"))
                .add("profile", ApiJson.text(cert, "profile"))
                .add("status", ApiJson.text(cert, "status"))
                .add("revoked", revoked)
                .add("not before", ApiJson.text(cert, "notBefore"))
                .add("not after", timeWithRelative(cert, "notAfter", now))
                .add("owner", ApiJson.text(cert, "owner"))
                .add("label", ApiJson.text(cert, "label"))
                .add("issued at", ApiJson.text(cert, "issuedAt"))
                .add("requested by", ApiJson.text(cert, "requestedBy"));
    }

    /** The EXPIRES cell: date and relative time, or the raw value if it does not parse. */
    static String expires(JsonNode cert, Instant now) {
        return ApiJson.instant(cert, "notAfter").map(t -> RelativeTime.dateWithRelative(t, now))
                .orElse(ApiJson.textOrEmpty(cert, "notAfter"));
    }

    /** The certificate PEM, if the answer has it, ending in a newline. */
    static Optional<String> certificatePem(JsonNode cert) {
        return ApiJson.text(cert, "certificatePem").map(CertificateView::withNewline);
    }

    /** The chain PEM (issuing CA up to, not including, the root), if the answer has it, ending in a newline. */
    static Optional<String> chainPem(JsonNode cert) {
        JsonNode chain = cert.get("chainPem");
        // A certificate issued straight by the root has an empty chain: that is an answer, not a missing field.
        return chain == null || chain.isNull() ? Optional.empty() : Optional.of(withNewline(chain.asText()));
    }

    /** Certificate then chain: what servers such as nginx want as their certificate file. */
    static Optional<String> fullchainPem(JsonNode cert) {
        return certificatePem(cert).map(c -> c + chainPem(cert).orElse(""));
    }

    private static Optional<String> timeWithRelative(JsonNode cert, String field, Instant now) {
        return ApiJson.text(cert, field).map(raw -> ApiJson.instant(cert, field)
                .map(t -> raw + " (" + RelativeTime.describe(t, now) + ")").orElse(raw));
    }

    private static String withNewline(String pem) {
        String p = Terminal.cleanLines(pem.strip());
        return p.isEmpty() ? p : p + "\n";
    }
}
