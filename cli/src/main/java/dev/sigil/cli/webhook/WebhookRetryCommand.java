package dev.sigil.cli.webhook;

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

/** {@code sigil webhook retry ID}: {@code POST /api/v1/webhooks/deliveries/{id}/retry}. */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = {"Send a FAILED delivery again: it becomes pending with a new round of attempts (audited).",
            "Only a failed delivery can be retried (exit 1 otherwise)."},
        footerHeading = "%nExamples:%n",
        footer = {"  sigil webhook list --state failed", "  sigil webhook retry wh_3kQ9xZ"})
public final class WebhookRetryCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The failed delivery's id.")
    String id;

    /** @param ctx streams, environment and clock of this run */
    public WebhookRetryCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (!id.matches("[A-Za-z0-9_-]{1,40}")) {
            throw usage("not a delivery id: '" + id + "' (see 'sigil webhook list')");
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode d = client.post("/webhooks/deliveries/" + id + "/retry", Query.empty(), ApiJson.object());
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(d));
        } else {
            out().println("delivery " + ApiJson.textOrEmpty(d, "id") + " (" + ApiJson.textOrEmpty(d, "event")
                    + ") is " + ApiJson.textOrEmpty(d, "state").toLowerCase(java.util.Locale.ROOT)
                    + " again; next attempt " + ApiJson.text(d, "nextAttemptAt").orElse("soon"));
        }
        return ExitCodes.OK;
    }
}
