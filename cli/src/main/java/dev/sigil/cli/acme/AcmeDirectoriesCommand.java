package dev.sigil.cli.acme;

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

import java.util.ArrayList;
import java.util.List;

/** {@code sigil acme directories}: {@code GET /api/v1/acme/directories}. */
@Command(name = "directories", mixinStandardHelpOptions = true,
        description = "List the ACME directories this Sigil serves, with their profile, challenges and EAB rule.",
        footerHeading = "%nExamples:%n",
        footer = {"  sigil acme directories", "  sigil acme directories --output json"})
public final class AcmeDirectoriesCommand extends ApiCommand {

    /** @param ctx streams, environment and clock of this run */
    public AcmeDirectoriesCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode answer = client.get("/acme/directories", Query.empty());
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(answer));
            return ExitCodes.OK;
        }
        Table table = new Table("NAME", "PROFILE", "CHALLENGES", "LIFETIME", "EAB", "URL");
        for (JsonNode d : ApiJson.items(answer)) {
            table.row(ApiJson.textOrEmpty(d, "name"), ApiJson.textOrEmpty(d, "profile"), joined(d.path("challenges")),
                    ApiJson.textOrEmpty(d, "lifetime"), d.path("eabRequired").asBoolean() ? "required" : "optional",
                    ApiJson.textOrEmpty(d, "url"));
        }
        table.print(out());
        return ExitCodes.OK;
    }

    static String joined(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return String.join(",", out);
    }
}
