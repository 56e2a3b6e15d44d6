package dev.sigil.cli.managed;

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
import picocli.CommandLine.Parameters;

/** {@code sigil managed show NAME}: {@code GET /api/v1/managed/{name}}, with the version history. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one managed certificate and every version it has had.",
        footerHeading = "%nExamples:%n",
        footer = {"  sigil managed show web", "  sigil managed show web --output json"})
public final class ManagedShowCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The managed certificate.")
    String name;

    /** @param ctx streams, environment and clock of this run */
    public ManagedShowCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode m = client.get("/managed/" + Query.encode(name), Query.empty());
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(m));
            return ExitCodes.OK;
        }
        ManagedView.details(m, ctx.clock().instant()).print(out(), 0);
        Table history = ManagedView.history(m);
        if (history.size() > 0) {
            out().println();
            out().println("History:");
            history.print(out());
        }
        return ExitCodes.OK;
    }
}
