package dev.sigil.cli.ca;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.output.Table;
import dev.sigil.cli.output.Terminal;
import dev.sigil.cli.time.RelativeTime;
import picocli.CommandLine.Command;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** {@code sigil ca list}: {@code GET /api/v1/issuers} as a table, JSON, or the CA certificates as PEM. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the issuers: id, kind (root or intermediate), subject and expiry.",
        footerHeading = "%nExamples:%n",
        footer = {"  sigil ca list", "  sigil ca list --output json", "  sigil ca list --output pem > sigil-cas.pem"})
public final class CaListCommand extends ApiCommand {

    /** @param ctx streams, environment and clock of this run */
    public CaListCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected Set<OutputFormat> formats() {
        return EnumSet.of(OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.PEM);
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode answer = client.get("/issuers", Query.empty());
        List<JsonNode> issuers = ApiJson.items(answer);
        switch (format) {
            case JSON -> out().println(ApiJson.pretty(answer));
            case PEM -> issuers.forEach(i -> ApiJson.text(i, "certificatePem")
                    .ifPresent(pem -> out().print(Terminal.cleanLines(pem.strip()) + "\n")));
            default -> {
                Instant now = ctx.clock().instant();
                Table table = new Table("ID", "NAME", "KIND", "PARENT", "SUBJECT", "KEY", "EXPIRES");
                for (JsonNode i : issuers) {
                    table.row(ApiJson.textOrEmpty(i, "id"), ApiJson.textOrEmpty(i, "name"),
                            ApiJson.textOrEmpty(i, "kind"), ApiJson.text(i, "parent").orElse("-"),
                            ApiJson.textOrEmpty(i, "subject"), ApiJson.textOrEmpty(i, "keyType"),
                            ApiJson.instant(i, "notAfter").map(t -> RelativeTime.dateWithRelative(t, now))
                                    .orElse(ApiJson.textOrEmpty(i, "notAfter")));
                }
                table.print(out());
            }
        }
        return ExitCodes.OK;
    }
}
