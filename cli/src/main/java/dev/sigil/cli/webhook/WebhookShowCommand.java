package dev.sigil.cli.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.Details;
import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sigil webhook show ID}: {@code GET /api/v1/webhooks/deliveries/{id}}, with the payload sent. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one webhook delivery: its attempts so far and the JSON payload it carries.",
        footerHeading = "%nExamples:%n",
        footer = {"  sigil webhook show wh_3kQ9xZ", "  sigil webhook show wh_3kQ9xZ --output json"})
public final class WebhookShowCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The delivery's id (see 'sigil webhook list').")
    String id;

    /** @param ctx streams, environment and clock of this run */
    public WebhookShowCommand(CliContext ctx) {
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
        JsonNode d = client.get("/webhooks/deliveries/" + id, Query.empty());
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(d));
            return ExitCodes.OK;
        }
        print(d);
        return ExitCodes.OK;
    }

    void print(JsonNode d) {
        new Details()
                .add("id", ApiJson.textOrEmpty(d, "id"))
                .add("event", ApiJson.textOrEmpty(d, "event"))
                .add("subject", ApiJson.text(d, "subject"))
                .add("state", ApiJson.textOrEmpty(d, "state"))
                .add("attempts", ApiJson.textOrEmpty(d, "attempts"))
                .add("created", ApiJson.text(d, "createdAt"))
                .add("next attempt", ApiJson.text(d, "nextAttemptAt"))
                .add("delivered", ApiJson.text(d, "deliveredAt"))
                .add("last status", ApiJson.text(d, "lastStatus"))
                .add("last error", ApiJson.text(d, "lastError"))
                .print(out(), 0);
        if (d.has("payload")) {
            out().println("payload:");
            JsonNode payload = d.get("payload");
            out().println(ApiJson.pretty(payload.isTextual() ? parseOrText(payload.asText()) : payload));
        }
    }

    private static JsonNode parseOrText(String text) {
        try {
            return ApiJson.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
        }
    }
}
