package dev.sigil.cli.acme;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sigil acme accounts show ID}: {@code GET /api/v1/acme/accounts/{id}}. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one ACME account: directory, status, contacts, key thumbprint, EAB key and what it holds.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil acme accounts show Xq3v9Lk2TfOa1bWm",
            "  sigil acme accounts show Xq3v9Lk2TfOa1bWm --output json"})
public final class AcmeAccountsShowCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The account id (the last part of its ACME URL).")
    String id;

    /** @param ctx streams, environment and clock of this run */
    public AcmeAccountsShowCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (!AccountView.validId(id)) {
            throw usage("'" + id + "' is not an account id (letters, digits, '-', '_', at most 64)");
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode account = client.get(AccountView.path(id), Query.empty());
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(account));
        } else {
            AccountView.details(account, ctx.clock().instant()).print(out(), 0);
        }
        return ExitCodes.OK;
    }
}
