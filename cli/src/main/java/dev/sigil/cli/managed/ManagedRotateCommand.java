package dev.sigil.cli.managed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sigil managed rotate NAME}: {@code POST /api/v1/managed/{name}/rotate}, a new key and certificate now. */
@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Issue a new version now, with a new key, without waiting for the renewal time"
            + " (e.g. after a suspected key compromise)."},
        footerHeading = "%nExamples:%n",
        footer = {"  sigil managed rotate web"})
public final class ManagedRotateCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The managed certificate.")
    String name;

    /** @param ctx streams, environment and clock of this run */
    public ManagedRotateCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode m = client.post("/managed/" + Query.encode(name) + "/rotate", Query.empty(), ApiJson.object());
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(m));
        } else {
            out().println("rotated managed certificate " + name + " to version " + ApiJson.textOrEmpty(m, "currentVersion")
                    + " (serial " + ApiJson.textOrEmpty(m, "currentSerial") + ")");
        }
        return ExitCodes.OK;
    }
}
