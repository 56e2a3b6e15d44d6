package dev.sigil.cli.cert;

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
import dev.sigil.cli.time.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code sigil cert list}: the inventory, filtered, following {@code nextCursor} as far as asked. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List certificates in the inventory, newest first (as the server orders them).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil cert list --status valid --expiring-within 30d",
            "  sigil cert list --san www.sigil.internal --output json",
            "  sigil cert list --owner team-payments --all"})
public final class CertListCommand extends ApiCommand {

    /** The server's default page size, and ours when no --limit is given. */
    static final int DEFAULT_LIMIT = 100;
    /** The largest page the API serves. */
    static final int MAX_PAGE_SIZE = 1000;

    @Option(names = "--status", paramLabel = "STATUS", description = "valid, revoked or expired.")
    CertStatus status;

    @Option(names = "--expiring-within", paramLabel = "DURATION", description = "Expiring within, e.g. 30d.")
    Duration expiringWithin;

    @Option(names = "--san", paramLabel = "NAME", description = "Having this subject alternative name.")
    String san;

    @Option(names = "--owner", paramLabel = "OWNER", description = "Recorded owner.")
    String owner;

    @Option(names = "--profile", paramLabel = "NAME", description = "Issued under this profile.")
    String profile;

    @Option(names = "--issuer", paramLabel = "ID", description = "Issued by this CA (see 'sigil ca list').")
    String issuer;

    @Option(names = "--limit", paramLabel = "N", description = "Show at most N certificates (default 100).")
    Integer limit;

    @Option(names = "--all", description = "Show every matching certificate, page after page.")
    boolean all;

    /** @param ctx streams, environment and clock of this run */
    public CertListCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (all && limit != null) {
            throw usage("--all and --limit exclude each other");
        }
        if (limit != null && limit < 1) {
            throw usage("--limit must be at least 1");
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        Query filters = Query.empty()
                .with("status", Optional.ofNullable(status).map(CertStatus::wire))
                .with("expiringWithin", Optional.ofNullable(expiringWithin).map(Durations::format))
                .with("san", san)
                .with("owner", owner)
                .with("profile", profile)
                .with("issuer", issuer);
        long want = all ? Long.MAX_VALUE : (limit == null ? DEFAULT_LIMIT : limit);
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            long page = Math.min(want - items.size(), MAX_PAGE_SIZE);
            JsonNode answer = client.get("/certificates", filters.with("limit", page).with("cursor", cursor));
            List<JsonNode> got = ApiJson.items(answer);
            for (JsonNode c : got) {
                if (items.size() < want) {
                    items.add(c);
                }
            }
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
            err().println("no certificates match");
            return ExitCodes.OK;
        }
        Instant now = ctx.clock().instant();
        Table table = CertificateView.table();
        items.forEach(c -> CertificateView.addRow(table, c, now));
        table.print(out());
        if (cursor != null) {
            err().println("(showing the first " + items.size() + "; more match: use --limit N or --all)");
        }
        return ExitCodes.OK;
    }
}
