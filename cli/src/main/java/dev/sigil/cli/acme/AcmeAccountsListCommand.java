package dev.sigil.cli.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code sigil acme accounts list}: {@code GET /api/v1/acme/accounts}, following {@code nextCursor} as far as asked. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List ACME accounts, newest first, with how many orders they placed and how many certificates",
            "were issued through them (VALID: neither revoked nor expired)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil acme accounts list",
            "  sigil acme accounts list --directory iot --status valid --all",
            "  sigil acme accounts list --status deactivated --output json"})
public final class AcmeAccountsListCommand extends ApiCommand {

    /** The server's default page size, and ours when no --limit is given. */
    static final int DEFAULT_LIMIT = 100;
    /** The largest page the API serves. */
    static final int MAX_PAGE_SIZE = 1000;
    static final Set<String> STATUSES = Set.of("valid", "deactivated", "revoked");

    @Option(names = "--directory", paramLabel = "NAME", description = "Only accounts of this ACME directory.")
    String directory;

    @Option(names = "--status", paramLabel = "STATUS", description = "valid, deactivated or revoked.")
    String status;

    @Option(names = "--limit", paramLabel = "N", description = "Show at most N accounts (default 100).")
    Integer limit;

    @Option(names = "--all", description = "Show every matching account, page after page.")
    boolean all;

    /** @param ctx streams, environment and clock of this run */
    public AcmeAccountsListCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (directory != null && !directory.matches("[a-z0-9-]+")) {
            throw usage("--directory must be a directory name (lower-case letters, digits, '-')");
        }
        if (status != null && !STATUSES.contains(status.toLowerCase(Locale.ROOT))) {
            throw usage("--status must be valid, deactivated or revoked");
        }
        if (all && limit != null) {
            throw usage("--all and --limit exclude each other");
        }
        if (limit != null && limit < 1) {
            throw usage("--limit must be at least 1");
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        Query filters = Query.empty().with("directory", directory)
                .with("status", status == null ? null : status.toLowerCase(Locale.ROOT));
        long want = all ? Long.MAX_VALUE : (limit == null ? DEFAULT_LIMIT : limit);
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            long page = Math.min(want - items.size(), MAX_PAGE_SIZE);
            JsonNode answer = client.get("/acme/accounts", filters.with("limit", page).with("cursor", cursor));
            List<JsonNode> got = ApiJson.items(answer);
            got.stream().limit(want - items.size()).forEach(items::add);
            cursor = ApiJson.text(answer, "nextCursor").orElse(null);
            if (got.isEmpty()) {
                break; // a cursor with an empty page would loop forever
            }
        } while (cursor != null && items.size() < want);

        if (format == OutputFormat.JSON) {
            ObjectNode result = ApiJson.object();
            ArrayNode array = result.putArray("items");
            items.forEach(array::add);
            if (cursor != null) {
                result.put("nextCursor", cursor);
            }
            out().println(ApiJson.pretty(result));
            return ExitCodes.OK;
        }
        if (items.isEmpty()) {
            err().println("no ACME accounts match");
            return ExitCodes.OK;
        }
        Instant now = ctx.clock().instant();
        Table table = AccountView.table();
        items.forEach(a -> AccountView.addRow(table, a, now));
        table.print(out());
        if (cursor != null) {
            err().println("(showing the first " + items.size() + "; more match: use --limit N or --all)");
        }
        return ExitCodes.OK;
    }
}
