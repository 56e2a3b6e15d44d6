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

/** {@code sigil webhook test}: {@code POST /api/v1/webhooks/test}. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Queue a webhook.test event to the configured webhook URL, to check the receiver and its"
            + " signature check. Follow it with 'sigil webhook show ID'."},
        footerHeading = "%nExamples:%n",
        footer = {"  sigil webhook test", "  sigil webhook test --output json"})
public final class WebhookTestCommand extends ApiCommand {

    /** @param ctx streams, environment and clock of this run */
    public WebhookTestCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode answer = client.post("/webhooks/test", Query.empty(), ApiJson.object());
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(answer));
        } else {
            String id = ApiJson.text(answer, "id").orElse("?");
            out().println("queued webhook.test delivery " + id + "; see: sigil webhook show " + id);
        }
        return ExitCodes.OK;
    }
}
