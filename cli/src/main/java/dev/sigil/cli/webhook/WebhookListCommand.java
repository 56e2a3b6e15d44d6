package dev.sigil.cli.webhook;

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

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** {@code sigil webhook list}: {@code GET /api/v1/webhooks/deliveries}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List webhook deliveries, newest first.",
        footerHeading = "%nExamples:%n",
        footer = {"  sigil webhook list", "  sigil webhook list --state failed --limit 20",
            "  sigil webhook list --state pending --output json"})
public final class WebhookListCommand extends ApiCommand {

    private static final Set<String> STATES = Set.of("pending", "delivered", "failed");

    @Option(names = "--state", paramLabel = "STATE", description = "pending, delivered or failed.")
    String state;

    @Option(names = "--limit", paramLabel = "N", description = "At most N deliveries (default: the server's, 100).")
    Integer limit;

    /** @param ctx streams, environment and clock of this run */
    public WebhookListCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (state != null && !STATES.contains(state.toLowerCase(Locale.ROOT))) {
            throw usage("--state must be pending, delivered or failed, not '" + state + "'");
        }
        if (limit != null && limit < 1) {
            throw usage("--limit must be at least 1");
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode answer = client.get("/webhooks/deliveries", Query.empty()
                .with("state", Optional.ofNullable(state).map(s -> s.toLowerCase(Locale.ROOT)))
                .with("limit", Optional.ofNullable(limit)));
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(answer));
            return ExitCodes.OK;
        }
        Table table = new Table("ID", "EVENT", "SUBJECT", "STATE", "ATTEMPTS", "CREATED", "LAST STATUS / ERROR");
        for (JsonNode d : ApiJson.items(answer)) {
            String last = ApiJson.text(d, "lastError")
                    .or(() -> ApiJson.text(d, "lastStatus")).orElse("-");
            table.row(ApiJson.textOrEmpty(d, "id"), ApiJson.textOrEmpty(d, "event"), ApiJson.textOrEmpty(d, "subject"),
                    ApiJson.textOrEmpty(d, "state").toLowerCase(Locale.ROOT), ApiJson.textOrEmpty(d, "attempts"),
                    ApiJson.textOrEmpty(d, "createdAt"), last);
        }
        table.print(out());
        return ExitCodes.OK;
    }
}
