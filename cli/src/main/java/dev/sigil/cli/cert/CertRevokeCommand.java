package dev.sigil.cli.cert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiException;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code sigil cert revoke}: one certificate by serial ({@code POST /certificates/{serial}/revoke}), or, for incident
 * response, every valid certificate matching filters ({@link BulkRevoke}).
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke a certificate, or every valid certificate matching filters.",
            "OCSP answers 'revoked' at once; the issuer's next delta CRL lists it within the server's revocation "
                + "delay.",
            "With filters (the same as 'sigil cert list'), the matching valid certificates and their count are "
                + "shown first; nothing is revoked without confirmation (a question on a terminal, else --yes). "
                + "A bulk revocation can be interrupted and run again: it lists only what is still valid, and "
                + "counts certificates revoked meanwhile as done."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil cert revoke 5f0c2d9a41b7 --reason keyCompromise",
            "  sigil cert revoke 5f0c2d9a41b7 --reason superseded --issuer int-3f9a1c2b",
            "  sigil cert revoke --acme-account Jx2r5kQ0Vbq1 --reason keyCompromise --dry-run",
            "  sigil cert revoke --san '*.ci.internal' --issued-after 2026-12-01T00:00:00Z \\",
            "      --reason keyCompromise --yes",
            "  sigil cert revoke --all-valid --issuer int-3f9a1c2b --reason cACompromise   (asks first)",
            "",
            "Reasons (RFC 5280, case-insensitive, or their codes): unspecified(0), keyCompromise(1),",
            "  cACompromise(2), affiliationChanged(3), superseded(4), cessationOfOperation(5),",
            "  privilegeWithdrawn(9), aACompromise(10)"})
public final class CertRevokeCommand extends ApiCommand {

    /** The HTTP status of "already revoked". */
    private static final int CONFLICT = 409;
    /** Default number of concurrent revocations in a bulk run. */
    static final int DEFAULT_PARALLEL = 4;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERIAL",
            description = "Serial in hex; colons and upper case are fine. Omit it to revoke by filter.")
    Serial serial;

    @Option(names = "--reason", required = true, paramLabel = "REASON", description = "Why (see below).")
    RevocationReason reason;

    @Option(names = "--invalidity-date", paramLabel = "TIME",
            description = "When the key is known or suspected to have become unusable: RFC 3339, or e.g. 2d (ago).")
    Instant invalidityDate;

    @Mixin
    CertFilterOptions filter;

    @Option(names = "--filter", description = "Revoke by the filter options rather than one SERIAL (implied by "
            + "any filter option).")
    boolean byFilter;

    @Option(names = "--all-valid", description = "Revoke every valid certificate (of --issuer, if given): an "
            + "empty filter is refused without this.")
    boolean allValid;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (needed when stdin is no terminal).")
    boolean yes;

    @Option(names = "--dry-run", description = "Show the matching valid certificates and revoke nothing.")
    boolean dryRun;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + DEFAULT_PARALLEL,
            description = "Revoke N certificates at a time (default " + DEFAULT_PARALLEL + ").")
    int parallel;

    @Option(names = "--limit", paramLabel = "N", description = "Revoke at most N of the matching certificates.")
    Integer limit;

    /** @param ctx streams, environment, clock, stdin and terminal state of this run */
    public CertRevokeCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        boolean bulkOption = byFilter || allValid || dryRun || limit != null || filter.hasMoreThanIssuer();
        if (serial != null) {
            if (bulkOption) {
                throw usage("give either a SERIAL or filter options (--san, --owner, --acme-account...), not both");
            }
            return;
        }
        if (allValid && filter.hasMoreThanIssuer()) {
            throw usage("--all-valid revokes every valid certificate; it takes no filter other than --issuer");
        }
        if (!filter.hasMoreThanIssuer() && !allValid) {
            throw usage("no SERIAL and no filter: refusing to revoke every certificate" + (filter.isEmpty() ? ""
                    : " of an issuer") + " (name one SERIAL, give filter options such as --san or --acme-account, "
                    + "or --all-valid to revoke all valid ones)");
        }
        if (parallel < 1 || parallel > PemDownloads.MAX_PARALLEL) {
            throw usage("--parallel must be 1.." + PemDownloads.MAX_PARALLEL);
        }
        if (limit != null && limit < 1) {
            throw usage("--limit must be at least 1");
        }
        filter.problem().ifPresent(p -> {
            throw usage(p);
        });
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        ObjectNode body = ApiJson.object().put("reason", reason.rfcName());
        Optional.ofNullable(invalidityDate).ifPresent(t -> body.put("invalidityDate", t.toString()));
        if (serial == null) {
            BulkRevoke.Request request = new BulkRevoke.Request(filter.toQuery(),
                    allValid && filter.isEmpty() ? "--all-valid" : filter.describe(), reason, body,
                    Optional.ofNullable(limit), parallel, dryRun, yes);
            return new BulkRevoke(ctx, client, format).run(request);
        }
        JsonNode cert;
        try {
            cert = client.post("/certificates/" + serial.hex() + "/revoke",
                    Query.empty().with("issuer", filter.issuer()), body);
        } catch (ApiException e) {
            if (e.status() == CONFLICT) {
                throw new CliException("certificate " + serial + " is already revoked", ExitCodes.FAILURE, e);
            }
            throw e;
        }
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(cert));
        } else {
            out().println("revoked certificate " + ApiJson.text(cert, "serial").orElse(serial.hex())
                    + " (" + ApiJson.text(cert, "revocationReason").orElse(reason.rfcName())
                    + ApiJson.text(cert, "revokedAt").map(at -> ", at " + at).orElse("") + ")");
        }
        return ExitCodes.OK;
    }
}
