package dev.sigil.cli.ca;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.crl.CrlView;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.Details;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.output.Terminal;
import dev.sigil.cli.time.RelativeTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** {@code sigil ca show ID}: {@code GET /api/v1/issuers/{id}} as details, JSON, or the CA certificate as PEM. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show one issuer: subject, kind, key type, validity and how long until it expires, SHA-256",
            "fingerprint, parent, and its current CRL."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil ca show int-3f9a1c2b",
            "  sigil ca show root-8d2e4f01 --output pem > root.pem",
            "  sigil ca show int-3f9a1c2b --output json"})
public final class CaShowCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The issuer id (see 'sigil ca list').")
    String id;

    /** @param ctx streams, environment and clock of this run */
    public CaShowCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected Set<OutputFormat> formats() {
        return EnumSet.allOf(OutputFormat.class);
    }

    @Override
    protected void validate() {
        if (!id.matches("[a-z0-9-]{1,40}")) {
            throw usage("'" + id + "' is not an issuer id (lower-case letters, digits, '-'; see 'sigil ca list')");
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode issuer = client.get("/issuers/" + id, Query.empty());
        switch (format) {
            case JSON -> out().println(ApiJson.pretty(issuer));
            case PEM -> out().print(ApiJson.text(issuer, "certificatePem")
                    .map(pem -> Terminal.cleanLines(pem.strip()) + "\n")
                    .orElseThrow(() -> new CliException("the server's answer has no certificatePem", ExitCodes.FAILURE)));
            default -> details(issuer, ctx.clock().instant()).print(out(), 0);
        }
        return ExitCodes.OK;
    }

    static Details details(JsonNode i, Instant now) {
        Details d = new Details()
                .add("id", ApiJson.text(i, "id"))
                .add("name", ApiJson.text(i, "name"))
                .add("kind", ApiJson.text(i, "kind"))
                .add("parent", ApiJson.text(i, "parent").orElse("-"))
                .add("subject", ApiJson.text(i, "subject"))
                .add("key type", ApiJson.text(i, "keyType"))
                .add("not before", ApiJson.text(i, "notBefore"))
                .add("not after", ApiJson.text(i, "notAfter"))
                .add("expires", expires(i, now))
                .add("SHA-256", ApiJson.text(i, "sha256Fingerprint"))
                .add("CRL URL", ApiJson.text(i, "crlUrl"))
                .add("CA issuers URL", ApiJson.text(i, "caIssuersUrl"));
        JsonNode crl = i.get("crl");
        if (crl == null || !crl.isObject()) {
            return d.add("CRL", "none published yet");
        }
        return CrlView.addTo(d, "CRL ", crl, now);
    }

    /** {@code in 1826 days}, or {@code EXPIRED 3 days ago}. */
    private static Optional<String> expires(JsonNode i, Instant now) {
        return ApiJson.instant(i, "notAfter").map(t -> (t.isBefore(now) ? "EXPIRED " : "")
                + RelativeTime.describe(t, now));
    }
}
