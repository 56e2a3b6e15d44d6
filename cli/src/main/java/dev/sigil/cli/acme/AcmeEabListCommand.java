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
import picocli.CommandLine.Option;

/** {@code sigil acme eab list}: {@code GET /api/v1/acme/directories/{name}/eab-keys}; never the HMAC keys. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List a directory's EAB keys and whether each is bound to an account (never the HMAC keys).",
        footerHeading = "%nExamples:%n",
        footer = {"  sigil acme eab list --directory iot"})
public final class AcmeEabListCommand extends ApiCommand {

    @Option(names = "--directory", required = true, paramLabel = "NAME", description = "The ACME directory.")
    String directory;

    /** @param ctx streams, environment and clock of this run */
    public AcmeEabListCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (!directory.matches("[a-z0-9-]+")) {
            throw usage("--directory must be a directory name (lower-case letters, digits, '-')");
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode answer = client.get("/acme/directories/" + directory + "/eab-keys", Query.empty());
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(answer));
            return ExitCodes.OK;
        }
        Table table = new Table("KEY ID", "LABEL", "CREATED", "BOUND TO");
        for (JsonNode k : ApiJson.items(answer)) {
            table.row(ApiJson.textOrEmpty(k, "keyId"), ApiJson.text(k, "label").filter(s -> !s.isEmpty()).orElse("-"),
                    ApiJson.textOrEmpty(k, "createdAt"), ApiJson.text(k, "boundAccount").orElse("unused"));
        }
        table.print(out());
        return ExitCodes.OK;
    }
}
