package dev.sigil.cli.acme;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.Confirmation;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.output.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sigil acme accounts deactivate ID}: {@code POST /api/v1/acme/accounts/{id}/deactivate}, after a confirmation.
 */
@Command(name = "deactivate", mixinStandardHelpOptions = true,
        description = {"Deactivate an ACME account (RFC 8555 section 7.3.6): Sigil refuses its requests from now on.",
            "Certificates it already obtained stay valid; revoke them with 'revoke-certificates'.",
            "Asks for confirmation unless --yes; without a terminal, --yes is required."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil acme accounts deactivate Xq3v9Lk2TfOa1bWm",
            "  sigil acme accounts deactivate Xq3v9Lk2TfOa1bWm --yes --output json"})
public final class AcmeAccountsDeactivateCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The account id (the last part of its ACME URL).")
    String id;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    private Confirmation confirmation;

    /** @param ctx streams, environment and clock of this run */
    public AcmeAccountsDeactivateCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (!AccountView.validId(id)) {
            throw usage("'" + id + "' is not an account id (letters, digits, '-', '_', at most 64)");
        }
        confirmation = new Confirmation(ctx.prompter(), yes);
        confirmation.refusal("deactivate an ACME account").ifPresent(r -> {
            throw usage(r);
        });
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode account = client.get(AccountView.path(id), Query.empty());
        String status = ApiJson.textOrEmpty(account, "status");
        if (!status.equals("valid")) {
            throw new CliException(AccountView.describe(account) + " is already " + Terminal.clean(status)
                    + "; nothing was changed", ExitCodes.FAILURE);
        }
        long valid = account.path("validCertificates").asLong();
        confirmation.confirm("Deactivate " + AccountView.describe(account) + "? Its valid certificates (" + valid
                + ") are not revoked.", "the account was not deactivated");
        // Already deactivated or revoked: the server's 409 problem says which (exit 1).
        JsonNode done = client.post(AccountView.path(id) + "/deactivate", Query.empty(), ApiJson.object());
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(done));
        } else {
            out().println("deactivated " + AccountView.describe(done) + "; its valid certificates ("
                    + done.path("validCertificates").asLong() + ") are not revoked (revoke them with 'sigil acme"
                    + " accounts revoke-certificates " + id + " --reason REASON')");
        }
        return ExitCodes.OK;
    }
}
