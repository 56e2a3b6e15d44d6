package dev.sigil.cli.profile;

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

/** {@code sigil profile list}: {@code GET /api/v1/profiles}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the issuance profiles: lifetimes, key types and allowed names.",
        footerHeading = "%nExamples:%n",
        footer = {"  sigil profile list", "  sigil profile list --output json"})
public final class ProfileListCommand extends ApiCommand {

    /** @param ctx streams, environment and clock of this run */
    public ProfileListCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode answer = client.get("/profiles", Query.empty());
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(answer));
            return ExitCodes.OK;
        }
        Table table = new Table("NAME", "DEFAULT", "MAX", "KEY TYPES", "ALLOWED DNS SUFFIXES", "EXTENDED KEY USAGES");
        for (JsonNode p : ApiJson.items(answer)) {
            table.row(ApiJson.textOrEmpty(p, "name"), ApiJson.textOrEmpty(p, "defaultLifetime"),
                    ApiJson.textOrEmpty(p, "maxLifetime"), String.join(",", ApiJson.strings(p, "keyTypes")),
                    dashIfEmpty(String.join(",", ApiJson.strings(p, "allowedDnsSuffixes"))),
                    String.join(",", ApiJson.strings(p, "extendedKeyUsages")));
        }
        table.print(out());
        return ExitCodes.OK;
    }

    private static String dashIfEmpty(String s) {
        return s.isEmpty() ? "-" : s;
    }
}
