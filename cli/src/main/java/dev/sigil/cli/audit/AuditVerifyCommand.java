package dev.sigil.cli.audit;

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

/** {@code sigil audit verify}: asks the server to check the hash chain; exit 1 if it is broken. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check the audit log's hash chain on the server.", "Exits with 1 if the chain is broken."},
        footerHeading = "%nExamples:%n",
        footer = {"  sigil audit verify", "  sigil audit verify --output json || page-the-on-call"})
public final class AuditVerifyCommand extends ApiCommand {

    /** @param ctx streams, environment and clock of this run */
    public AuditVerifyCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode answer = client.get("/audit/verify", Query.empty());
        boolean intact = answer.path("intact").asBoolean(false);
        String records = ApiJson.textOrEmpty(answer, "records");
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(answer));
        } else if (intact) {
            out().println("audit log intact: " + records + " records verified");
        } else {
            out().println("audit log BROKEN at record " + ApiJson.text(answer, "firstBrokenSeq").orElse("?")
                    + " of " + records + ApiJson.text(answer, "problem").map(p -> ": " + Terminal.clean(p))
                    .orElse(""));
        }
        if (!intact) {
            err().println("error: the audit log's hash chain is broken");
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }
}
