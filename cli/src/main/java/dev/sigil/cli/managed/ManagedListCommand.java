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

import java.time.Instant;
import java.util.List;

/** {@code sigil managed list}: {@code GET /api/v1/managed}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List managed certificates (deleted ones too, with state deleted).",
        footerHeading = "%nExamples:%n",
        footer = {"  sigil managed list", "  sigil managed list --output json"})
public final class ManagedListCommand extends ApiCommand {

    /** @param ctx streams, environment and clock of this run */
    public ManagedListCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode answer = client.get("/managed", Query.empty());
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(answer));
            return ExitCodes.OK;
        }
        List<JsonNode> items = ApiJson.items(answer);
        if (items.isEmpty()) {
            err().println("no managed certificates");
            return ExitCodes.OK;
        }
        Instant now = ctx.clock().instant();
        Table table = ManagedView.table();
        items.forEach(m -> ManagedView.addRow(table, m, now));
        table.print(out());
        return ExitCodes.OK;
    }
}
