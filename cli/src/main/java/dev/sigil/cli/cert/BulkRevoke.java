package dev.sigil.cli.cert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.output.Progress;
import dev.sigil.cli.output.Table;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The bulk form of {@code sigil cert revoke}: list the still-valid matching certificates (and count the matching
 * ones already revoked), show them, get confirmation, revoke them a few at a time with progress, and sum up.
 * Because it lists only valid certificates, running it again after an interruption revokes exactly what is left.
 */
final class BulkRevoke {

    /** Rows of the matching set shown before the question (a dry run shows all). */
    static final int PREVIEW_ROWS = 20;
    /** Pages of already revoked certificates counted at most (100,000 certificates), for the summary. */
    static final int MAX_COUNT_PAGES = 100;

    /**
     * One bulk revocation as asked on the command line.
     *
     * @param filters  the filter query parameters (without status, limit, cursor)
     * @param describe the filters as typed, for messages
     * @param body     the revoke request body (reason, invalidityDate)
     * @param limit    revoke at most this many
     */
    record Request(Query filters, String describe, RevocationReason reason, ObjectNode body, Optional<Integer> limit,
                   int parallel, boolean dryRun, boolean yes) {
    }

    private final CliContext ctx;
    private final SigilClient client;
    private final boolean json;

    BulkRevoke(CliContext ctx, SigilClient client, OutputFormat format) {
        this.ctx = ctx;
        this.client = client;
        this.json = format == OutputFormat.JSON;
    }

    int run(Request r) throws Exception {
        Instant started = ctx.clock().instant();
        CertificatePages.Listing listing = CertificatePages.fetch(client, r.filters().with("status", "valid"),
                r.limit().map(Integer::longValue).orElse(Long.MAX_VALUE));
        List<JsonNode> valid = listing.items();
        CertificatePages.Count revokedCount = CertificatePages.count(client, r.filters().with("status", "revoked"),
                MAX_COUNT_PAGES);
        long revokedBefore = revokedCount.counted();
        PrintStream out = ctx.out();
        PrintStream err = ctx.err();

        if (!json) {
            describeSet(r, valid, revokedCount, listing.nextCursor().isPresent());
        }
        if (valid.isEmpty() || r.dryRun()) {
            if (json) {
                out.println(ApiJson.pretty(summary(r, valid, revokedCount, Optional.empty(), started)));
            } else if (r.dryRun() && !valid.isEmpty()) {
                out.println("dry run: nothing was revoked (run again without --dry-run to revoke them)");
            } else {
                out.println(sumUp(valid.size() + revokedBefore, 0, revokedBefore, revokedCount.complete(), 0,
                        started));
            }
            return ExitCodes.OK;
        }
        confirm(r, valid.size());

        err.println("revoking " + count(valid.size()) + " (reason " + r.reason().rfcName() + ", " + r.parallel()
                + " at a time); interrupting is safe: run the same command again to revoke what is left");
        List<BulkRevocation.Target> targets = valid.stream().map(c -> new BulkRevocation.Target(
                ApiJson.textOrEmpty(c, "issuer"), ApiJson.textOrEmpty(c, "serial"))).toList();
        BulkRevocation.Outcome outcome = new BulkRevocation(client, r.parallel(),
                Progress.of(ctx.interactive(), err, ctx.clock(), "revoking")).run(targets, r.body());

        outcome.failures().stream().limit(PREVIEW_ROWS).forEach(f -> err.println("failed: " + f));
        if (outcome.failures().size() > PREVIEW_ROWS) {
            err.println("failed: ... and " + (outcome.failures().size() - PREVIEW_ROWS) + " more");
        }
        if (json) {
            out.println(ApiJson.pretty(summary(r, valid, revokedCount, Optional.of(outcome), started)));
        } else {
            out.println(sumUp(valid.size() + revokedBefore, outcome.revoked(), revokedBefore + outcome.alreadyRevoked(),
                    revokedCount.complete(), outcome.failures().size(), started));
            out.println("OCSP answers 'revoked' for them now; the next delta CRL of "
                    + String.join(", ", targets.stream().map(BulkRevocation.Target::issuer).distinct().toList())
                    + " lists them within the server's revocation delay (sigil.crl.revocation-delay, 5s by default).");
            if (listing.nextCursor().isPresent()) {
                out.println("more valid certificates match than --limit allowed: run the command again for the next ones");
            }
        }
        if (!outcome.failures().isEmpty()) {
            err.println("error: " + count(outcome.failures().size()) + " could not be revoked; run the same command "
                    + "again to retry them");
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    private void describeSet(Request r, List<JsonNode> valid, CertificatePages.Count revokedBefore, boolean more) {
        PrintStream out = ctx.out();
        String already = revokedBefore.counted() == 0 ? "" : " (" + revokedBefore + " more matching "
                + (revokedBefore.counted() == 1 && revokedBefore.complete() ? "is" : "are") + " already revoked)";
        if (valid.isEmpty()) {
            out.println("no valid certificate matches " + r.describe() + already);
            return;
        }
        out.println((more ? "the first " : "") + valid.size() + " valid " + (valid.size() == 1 ? "certificate"
                : "certificates") + " matching " + r.describe() + already + (more ? " (as --limit allows)" : "")
                + ":");
        Instant now = ctx.clock().instant();
        Table table = CertificateView.table();
        int shown = r.dryRun() ? valid.size() : Math.min(valid.size(), PREVIEW_ROWS);
        valid.stream().limit(shown).forEach(c -> CertificateView.addRow(table, c, now));
        table.print(out);
        if (shown < valid.size()) {
            out.println("... and " + (valid.size() - shown) + " more (--dry-run lists them all)");
        }
    }

    /** Asks on a terminal; refuses (usage, exit 2) when nobody can answer and --yes was not given. */
    private void confirm(Request r, int n) throws Exception {
        if (r.yes()) {
            return;
        }
        if (!ctx.interactive()) {
            throw new CliException("refusing to revoke " + count(n) + " without confirmation: stdin is not a "
                    + "terminal (add --yes to confirm, or --dry-run to only list them)", ExitCodes.USAGE);
        }
        ctx.err().print("Revoke these " + count(n) + " with reason " + r.reason().rfcName()
                + "? This cannot be undone. Type 'yes' to continue: ");
        ctx.err().flush();
        String answer = ctx.readLine().orElse("").trim().toLowerCase(Locale.ROOT);
        if (!answer.equals("yes") && !answer.equals("y")) {
            throw new CliException("not confirmed; nothing was revoked", ExitCodes.FAILURE);
        }
    }

    /** The last line; {@code counted} is false when the already revoked ones were too many to count all. */
    private String sumUp(long matched, int revoked, long alreadyRevoked, boolean counted, int failed,
                         Instant started) {
        String atLeast = counted ? "" : "+";
        long millis = Duration.between(started, ctx.clock().instant()).toMillis();
        return "matched " + matched + atLeast + ": revoked " + revoked + ", already revoked " + alreadyRevoked
                + atLeast + ", failed " + failed + " (" + Progress.seconds(millis) + ")";
    }

    private ObjectNode summary(Request r, List<JsonNode> valid, CertificatePages.Count revokedCount,
                               Optional<BulkRevocation.Outcome> outcome, Instant started) {
        long revokedBefore = revokedCount.counted();
        ObjectNode s = ApiJson.object();
        s.put("dryRun", r.dryRun());
        s.put("countComplete", revokedCount.complete()); // false: more were already revoked than counted
        s.put("matched", valid.size() + revokedBefore);
        s.put("revoked", outcome.map(BulkRevocation.Outcome::revoked).orElse(0));
        s.put("alreadyRevoked", revokedBefore + outcome.map(BulkRevocation.Outcome::alreadyRevoked).orElse(0));
        s.put("failed", outcome.map(o -> o.failures().size()).orElse(0));
        s.put("seconds", Duration.between(started, ctx.clock().instant()).toMillis() / 1000.0);
        ArrayNode certs = s.putArray("certificates");
        valid.forEach(c -> certs.addObject().put("issuer", ApiJson.textOrEmpty(c, "issuer"))
                .put("serial", ApiJson.textOrEmpty(c, "serial")));
        ArrayNode failures = s.putArray("failures");
        outcome.ifPresent(o -> o.failures().forEach(failures::add));
        return s;
    }

    private static String count(long n) {
        return n + (n == 1 ? " certificate" : " certificates");
    }
}
