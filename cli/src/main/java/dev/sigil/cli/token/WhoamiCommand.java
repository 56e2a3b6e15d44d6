package dev.sigil.cli.token;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.output.Terminal;
import picocli.CommandLine.Command;

/** {@code sigil whoami}: the name and role of the configured token; also a quick connectivity check. */
@Command(name = "whoami", mixinStandardHelpOptions = true,
        description = "Show the name and role of the token in use (and check that the server is reachable).",
        footerHeading = "%nExamples:%n",
        footer = {"  sigil whoami", "  SIGIL_SERVER=https://ca.example.internal:8443 sigil whoami --ca-cert root.pem"})
public final class WhoamiCommand extends ApiCommand {

    /** @param ctx streams, environment and clock of this run */
    public WhoamiCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode me = client.get("/whoami", Query.empty());
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(me));
        } else {
            out().println(Terminal.clean(ApiJson.textOrEmpty(me, "name")) + " (role "
                    + Terminal.clean(ApiJson.textOrEmpty(me, "role")) + ") at " + client.server());
        }
        return ExitCodes.OK;
    }
}
