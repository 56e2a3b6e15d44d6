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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** {@code sigil cert list}: the inventory, filtered and sorted, following {@code nextCursor} as far as asked. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List certificates in the inventory, newest first unless --sort says otherwise.",
            "--output csv writes RFC 4180 CSV with a header; --output pem writes the certificates' PEMs, "
                + "one after the other."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil cert list --expiring-within 7d --sort expiry",
            "  sigil cert list --san '*.ci.internal' --issued-after 2026-12-01T00:00:00Z --all",
            "  sigil cert list --acme-account Jx2r5kQ0Vbq1 --status valid --output csv > account.csv",
            "  sigil cert list --owner team-payments --sort serial --desc --output json",
            "  sigil cert list --issued-after 24h --output pem > issued-today.pem"})
public final class CertListCommand extends ApiCommand {

    /** The server's default page size, and ours when no --limit is given. */
    static final int DEFAULT_LIMIT = 100;
    /** CSV columns, from the certificate JSON of docs/API.md. */
    static final List<String> CSV_COLUMNS = List.of("serial", "issuer", "subject", "sans", "status", "notBefore",
            "notAfter", "issuedAt", "profile", "owner", "label", "keyType", "revokedAt", "revocationReason",
            "requestedBy");

    /** The sort keys of {@code --sort}. */
    enum SortKey {
        ISSUED, EXPIRY, SERIAL;

        static SortKey parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown sort key '" + text + "' (use expiry, issued or serial)");
            }
        }
    }

    @Mixin
    CertFilterOptions filter;

    @Option(names = "--status", paramLabel = "STATUS", description = "valid, revoked or expired.")
    CertStatus status;

    @Option(names = "--sort", paramLabel = "KEY", converter = SortKeyConverter.class,
            description = "Sort by expiry, issued or serial, ascending unless --desc (default: newest issued first).")
    SortKey sort;

    @Option(names = "--desc", description = "With --sort: largest first.")
    boolean desc;

    @Option(names = "--limit", paramLabel = "N", description = "Show at most N certificates (default 100).")
    Integer limit;

    @Option(names = "--all", description = "Show every matching certificate, page after page.")
    boolean all;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
            description = "With --output pem: fetch N certificates at a time (default 4).")
    int parallel;

    /** @param ctx streams, environment and clock of this run */
    public CertListCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected Set<OutputFormat> formats() {
        return EnumSet.allOf(OutputFormat.class);
    }

    @Override
    protected void validate() {
        if (all && limit != null) {
            throw usage("--all and --limit exclude each other");
        }
        if (limit != null && limit < 1) {
            throw usage("--limit must be at least 1");
        }
        if (desc && sort == null) {
            throw usage("--desc needs --sort (without --sort the newest come first)");
        }
        if (parallel < 1 || parallel > PemDownloads.MAX_PARALLEL) {
            throw usage("--parallel must be 1.." + PemDownloads.MAX_PARALLEL);
        }
        filter.problem().ifPresent(p -> {
            throw usage(p);
        });
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        Query filters = filter.toQuery().with("status", Optional.ofNullable(status).map(CertStatus::wire));
        if (sort != null) {
            filters = filters.with("sort", sort.name().toLowerCase(Locale.ROOT)).with("order", desc ? "desc" : "asc");
        }
        long want = all ? Long.MAX_VALUE : (limit == null ? DEFAULT_LIMIT : limit);
        CertificatePages.Listing listing = CertificatePages.fetch(client, filters, want);
        List<JsonNode> items = listing.items();
        Optional<String> cursor = listing.nextCursor();

        switch (format) {
            case JSON -> {
                ObjectNode result = ApiJson.object();
                ArrayNode array = result.putArray("items");
                items.forEach(array::add);
                cursor.ifPresent(c -> result.put("nextCursor", c));
                out().println(ApiJson.pretty(result));
                return ExitCodes.OK;
            }
            case CSV -> {
                CertificateView.csv(out(), items);
                moreHint(cursor, items.size());
                return ExitCodes.OK;
            }
            case PEM -> {
                for (String pem : new PemDownloads(client, parallel).certificates(items)) {
                    out().print(pem);
                }
                moreHint(cursor, items.size());
                return ExitCodes.OK;
            }
            default -> {
                if (items.isEmpty()) {
                    err().println("no certificates match");
                    return ExitCodes.OK;
                }
                Instant now = ctx.clock().instant();
                Table table = CertificateView.table();
                items.forEach(c -> CertificateView.addRow(table, c, now));
                table.print(out());
                moreHint(cursor, items.size());
                return ExitCodes.OK;
            }
        }
    }

    private void moreHint(Optional<String> cursor, int shown) {
        if (cursor.isPresent()) {
            err().println("(showing the first " + shown + "; more match: use --limit N or --all)");
        }
    }

    /** Picocli converter for {@code --sort}. */
    static final class SortKeyConverter implements picocli.CommandLine.ITypeConverter<SortKey> {
        @Override
        public SortKey convert(String value) {
            try {
                return SortKey.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
