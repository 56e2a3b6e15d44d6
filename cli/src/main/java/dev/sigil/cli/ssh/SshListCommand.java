package dev.sigil.cli.ssh;

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

import java.time.Instant;
import java.util.List;

/** {@code sigil ssh list}: {@code GET /api/v1/ssh/certificates} with filters. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List signed SSH certificates, newest first.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil ssh list --type user --principal alice",
            "  sigil ssh list --key-id deploy-2026 --status revoked --output json"})
public final class SshListCommand extends ApiCommand {

    /** The server's largest page. */
    static final int MAX_LIMIT = 1000;

    @Option(names = "--type", paramLabel = "TYPE", description = "user or host.")
    String typeText;

    @Option(names = "--principal", paramLabel = "NAME", description = "Only certificates naming this principal.")
    String principal;

    @Option(names = "--key-id", paramLabel = "ID", description = "Only certificates with this key id.")
    String keyId;

    @Option(names = "--status", paramLabel = "STATUS", description = "valid, expired or revoked.")
    String status;

    @Option(names = "--limit", paramLabel = "N", description = "At most N certificates (1 to " + MAX_LIMIT + ").")
    Integer limit;

    private SshCertType type;

    /** @param ctx streams, environment and clock of this run */
    public SshListCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (typeText != null) {
            try {
                type = SshCertType.parse(typeText);
            } catch (IllegalArgumentException e) {
                throw usage("--type: " + e.getMessage());
            }
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw usage("--limit must lie between 1 and " + MAX_LIMIT);
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        Query q = Query.empty().with("type", type == null ? null : type.label()).with("principal", principal)
                .with("keyId", keyId).with("status", status).with("limit", limit);
        JsonNode answer = client.get("/ssh/certificates", q);
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(answer));
            return ExitCodes.OK;
        }
        List<JsonNode> items = ApiJson.items(answer);
        if (items.isEmpty()) {
            err().println("no SSH certificates");
            return ExitCodes.OK;
        }
        Instant now = ctx.clock().instant();
        Table table = SshCertView.table();
        items.forEach(c -> SshCertView.addRow(table, c, now));
        table.print(out());
        return ExitCodes.OK;
    }
}
