package dev.sigil.cli.audit;

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
import java.util.Optional;

/** {@code sigil audit list}: {@code GET /api/v1/audit} with its filters. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List audit records, oldest first.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil audit list --from 24h",
            "  sigil audit list --actor admin --from 2026-11-01T00:00:00Z --to 2026-12-01T00:00:00Z",
            "  sigil audit list --serial 5f0c2d9a41e3 --from 7d",
            "  sigil audit list --after 1200 --limit 50 --output json"})
public final class AuditListCommand extends ApiCommand {

    @Option(names = "--actor", paramLabel = "NAME", description = "Records by this token name.")
    String actor;

    @Option(names = "--action", paramLabel = "ACTION", description = "Records of this action.")
    String action;

    @Option(names = "--target", paramLabel = "TARGET",
            description = "Records about this target, as recorded: ISSUER/SERIAL, ssh/SERIAL, a token id...")
    String target;

    @Option(names = "--serial", paramLabel = "SERIAL",
            description = "Records about this X.509 certificate (its issuer is looked up; --issuer if ambiguous).")
    String serial;

    @Option(names = "--issuer", paramLabel = "ID", description = "With --serial: the certificate's issuer.")
    String issuer;

    @Option(names = "--from", paramLabel = "TIME", description = "Not before: RFC 3339, or e.g. 24h (ago).")
    Instant from;

    @Option(names = "--to", paramLabel = "TIME", description = "Not after: RFC 3339, or e.g. 1h (ago).")
    Instant to;

    @Option(names = "--after", paramLabel = "SEQ", description = "Records after this sequence number.")
    Long after;

    @Option(names = "--limit", paramLabel = "N", description = "At most N records.")
    Integer limit;

    /** @param ctx streams, environment and clock of this run */
    public AuditListCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (limit != null && limit < 1) {
            throw usage("--limit must be at least 1");
        }
        if (after != null && after < 0) {
            throw usage("--after must not be negative");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw usage("--from is after --to");
        }
        if (serial != null && target != null) {
            throw usage("--serial and --target both name the target; give one");
        }
        if (issuer != null && serial == null) {
            throw usage("--issuer goes with --serial");
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        String about = target;
        if (serial != null) {
            // Certificate records name ISSUER/SERIAL: the certificate tells its issuer (404: exit 3; 409: --issuer).
            JsonNode cert = client.get("/certificates/" + Query.encode(serial), Query.empty().with("issuer", issuer));
            about = ApiJson.textOrEmpty(cert, "issuer") + "/" + ApiJson.textOrEmpty(cert, "serial");
        }
        Query q = Query.empty()
                .with("actor", actor)
                .with("action", action)
                .with("target", about)
                .with("from", Optional.ofNullable(from).map(Instant::toString))
                .with("to", Optional.ofNullable(to).map(Instant::toString))
                .with("after", after)
                .with("limit", limit);
        JsonNode answer = client.get("/audit", q);
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(answer));
            return ExitCodes.OK;
        }
        List<JsonNode> records = ApiJson.items(answer);
        if (records.isEmpty()) {
            err().println("no audit records match");
            return ExitCodes.OK;
        }
        Table table = new Table("SEQ", "AT", "ACTOR", "ACTION", "TARGET", "OUTCOME");
        for (JsonNode r : records) {
            table.row(ApiJson.textOrEmpty(r, "seq"), ApiJson.textOrEmpty(r, "at"), ApiJson.textOrEmpty(r, "actor"),
                    ApiJson.textOrEmpty(r, "action"), ApiJson.textOrEmpty(r, "target"),
                    ApiJson.textOrEmpty(r, "outcome"));
        }
        table.print(out());
        return ExitCodes.OK;
    }
}
