package dev.sigil.cli.token;

import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiException;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sigil token revoke ID}: {@code DELETE /api/v1/tokens/{id}}. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke an API token; it stops working at once.",
        footerHeading = "%nExamples:%n",
        footer = {"  sigil token revoke tok_4k2m9x"})
public final class TokenRevokeCommand extends ApiCommand {

    /** The HTTP status of "already revoked". */
    private static final int CONFLICT = 409;

    @Parameters(index = "0", paramLabel = "ID", description = "Token id, as shown by 'sigil token list'.")
    String id;

    /** @param ctx streams, environment and clock of this run */
    public TokenRevokeCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (id.isBlank()) {
            throw usage("ID must not be blank");
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        try {
            client.delete("/tokens/" + Query.encode(id.trim()));
        } catch (ApiException e) {
            if (e.status() == CONFLICT) {
                throw new CliException("token " + id + " is already revoked", ExitCodes.FAILURE, e);
            }
            throw e;
        }
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(ApiJson.object().put("id", id.trim()).put("revoked", true)));
        } else {
            out().println("revoked token " + id.trim());
        }
        return ExitCodes.OK;
    }
}
