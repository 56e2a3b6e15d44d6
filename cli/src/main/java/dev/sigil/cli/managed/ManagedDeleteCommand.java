package dev.sigil.cli.managed;

import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sigil managed delete NAME}: {@code DELETE /api/v1/managed/{name}}. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Stop managing a certificate: no more renewals, and its credential can no longer be fetched."
            + " Issued certificates stay valid until they expire or are revoked; the history is kept."},
        footerHeading = "%nExamples:%n",
        footer = {"  sigil managed delete web"})
public final class ManagedDeleteCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The managed certificate.")
    String name;

    /** @param ctx streams, environment and clock of this run */
    public ManagedDeleteCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        client.delete("/managed/" + Query.encode(name));
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(ApiJson.object().put("name", name).put("deleted", true)));
        } else {
            out().println("deleted managed certificate " + name);
        }
        return ExitCodes.OK;
    }
}
