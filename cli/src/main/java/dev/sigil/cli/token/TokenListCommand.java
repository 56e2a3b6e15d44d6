package dev.sigil.cli.token;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.output.Table;
import picocli.CommandLine.Command;

/** {@code sigil token list}: {@code GET /api/v1/tokens}; secrets are never listed. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List API tokens (never their secrets).",
        footerHeading = "%nExamples:%n",
        footer = {"  sigil token list", "  sigil token list --output json"})
public final class TokenListCommand extends ApiCommand {

    /** @param ctx streams, environment and clock of this run */
    public TokenListCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode answer = client.get("/tokens", Query.empty());
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(answer));
            return ExitCodes.OK;
        }
        Table table = new Table("ID", "NAME", "ROLE", "CREATED", "CREATED BY", "STATUS");
        for (JsonNode t : ApiJson.items(answer)) {
            table.row(ApiJson.textOrEmpty(t, "id"), ApiJson.textOrEmpty(t, "name"), ApiJson.textOrEmpty(t, "role"),
                    ApiJson.textOrEmpty(t, "createdAt"), ApiJson.text(t, "createdBy").orElse("-"),
                    ApiJson.text(t, "revokedAt").map(at -> "revoked " + at).orElse("active"));
        }
        table.print(out());
        return ExitCodes.OK;
    }
}
