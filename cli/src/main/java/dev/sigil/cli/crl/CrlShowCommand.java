package dev.sigil.cli.crl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.Details;
import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sigil crl show --issuer ID}: {@code GET /api/v1/crls/{issuerId}}. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show an issuer's current CRL as relying parties get it: number, this and next update, how many",
            "revoked certificates it lists, its size, and the delta CRL published since, if any."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil crl show --issuer int-3f9a1c2b",
            "  sigil crl show --issuer int-3f9a1c2b --output json",
            "  sigil ca list            # the issuer ids"})
public final class CrlShowCommand extends ApiCommand {

    @Option(names = "--issuer", required = true, paramLabel = "ID", description = "The issuer (see 'sigil ca list').")
    String issuer;

    /** @param ctx streams, environment and clock of this run */
    public CrlShowCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (!issuer.matches("[a-z0-9-]{1,40}")) {
            throw usage("--issuer must be an issuer id (lower-case letters, digits, '-'; see 'sigil ca list')");
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode crl = client.get("/crls/" + issuer, Query.empty());
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(crl));
            return ExitCodes.OK;
        }
        CrlView.addTo(new Details().add("issuer", ApiJson.text(crl, "issuer")), "", crl, ctx.clock().instant())
                .print(out(), 0);
        return ExitCodes.OK;
    }
}
