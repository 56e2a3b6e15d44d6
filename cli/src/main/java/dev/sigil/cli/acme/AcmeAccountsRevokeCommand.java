package dev.sigil.cli.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.cli.cert.RevocationReason;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.Confirmation;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.output.Table;
import dev.sigil.cli.output.Terminal;
import dev.sigil.cli.time.RelativeTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sigil acme accounts revoke-certificates ID --reason R}: revokes every still-valid certificate issued through
 * an account's orders with one {@code POST /api/v1/acme/accounts/{id}/revoke-certificates}, after a confirmation;
 * {@code --dry-run} lists them ({@code GET .../certificates?status=valid}) and changes nothing.
 */
@Command(name = "revoke-certificates", mixinStandardHelpOptions = true,
        description = {"Revoke every still-valid certificate issued through an ACME account's orders, each as",
            "'sigil cert revoke' would (committed and audited before the answer; OCSP at once, CRLs shortly after).",
            "Already revoked and expired certificates are left alone, so running it again revokes only what is left.",
            "Asks for confirmation unless --yes; without a terminal, --yes (or --dry-run) is required."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil acme accounts revoke-certificates Xq3v9Lk2TfOa1bWm --reason keyCompromise --dry-run",
            "  sigil acme accounts revoke-certificates Xq3v9Lk2TfOa1bWm --reason keyCompromise --deactivate",
            "  sigil acme accounts revoke-certificates Xq3v9Lk2TfOa1bWm --reason superseded --yes --output json",
            "",
            "Reasons (RFC 5280, case-insensitive, or their codes): unspecified(0), keyCompromise(1),",
            "  cACompromise(2), affiliationChanged(3), superseded(4), cessationOfOperation(5),",
            "  privilegeWithdrawn(9), aACompromise(10)"})
public final class AcmeAccountsRevokeCommand extends ApiCommand {

    /** The largest page the API serves. */
    static final int PAGE_SIZE = 1000;

    @Parameters(index = "0", paramLabel = "ID", description = "The account id (the last part of its ACME URL).")
    String id;

    @Option(names = "--reason", required = true, paramLabel = "REASON", description = "Why (see below).")
    RevocationReason reason;

    @Option(names = "--deactivate", description = "Also deactivate the account first, so it cannot obtain new ones.")
    boolean deactivate;

    @Option(names = "--dry-run", description = "Only list what would be revoked; change nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    private Confirmation confirmation;

    /** @param ctx streams, environment and clock of this run */
    public AcmeAccountsRevokeCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (!AccountView.validId(id)) {
            throw usage("'" + id + "' is not an account id (letters, digits, '-', '_', at most 64)");
        }
        if (reason == RevocationReason.CERTIFICATE_HOLD) {
            throw usage("certificateHold is not supported: revocation in Sigil is permanent");
        }
        confirmation = new Confirmation(ctx.prompter(), yes);
        if (!dryRun) {
            confirmation.refusal("revoke certificates").ifPresent(r -> {
                throw usage(r);
            });
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode account = client.get(AccountView.path(id), Query.empty());
        if (dryRun) {
            return dryRun(client, account, format);
        }
        long valid = account.path("validCertificates").asLong();
        String also = deactivate && "valid".equals(ApiJson.textOrEmpty(account, "status"))
                ? " and deactivate the account" : "";
        confirmation.confirm("Revoke " + AccountView.certificates(valid) + " of " + AccountView.describe(account)
                + " with reason " + reason.rfcName() + also + "? This cannot be undone.", "nothing was revoked");
        err().println("revoking " + AccountView.certificates(valid) + " of ACME account " + id + "...");
        ObjectNode body = ApiJson.object().put("reason", reason.rfcName());
        if (deactivate) {
            body.put("deactivate", true);
        }
        JsonNode done = client.post(AccountView.path(id) + "/revoke-certificates", Query.empty(), body);
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(done));
            return ExitCodes.OK;
        }
        List<String> serials = ApiJson.strings(done, "serials");
        out().println("revoked " + AccountView.certificates(done.path("revoked").asLong()) + " of ACME account "
                + id + " (" + reason.rfcName() + "); " + done.path("alreadyRevoked").asLong() + " already revoked, "
                + done.path("expired").asLong() + " expired"
                + (done.path("deactivated").asBoolean() ? "; the account is now deactivated" : ""));
        serials.forEach(s -> out().println("  " + Terminal.clean(s)));
        return ExitCodes.OK;
    }

    /** Lists the account's still-valid certificates, page after page; sends no change. */
    private int dryRun(SigilClient client, JsonNode account, OutputFormat format) throws Exception {
        List<JsonNode> certificates = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = client.get(AccountView.path(id) + "/certificates", Query.empty().with("status", "valid")
                    .with("limit", PAGE_SIZE).with("cursor", cursor));
            List<JsonNode> got = ApiJson.items(page);
            certificates.addAll(got);
            cursor = ApiJson.text(page, "nextCursor").orElse(null);
            if (got.isEmpty()) {
                break;
            }
        } while (cursor != null);
        boolean wouldDeactivate = deactivate && "valid".equals(ApiJson.textOrEmpty(account, "status"));
        if (format == OutputFormat.JSON) {
            ObjectNode result = ApiJson.object();
            result.put("dryRun", true);
            result.set("account", account);
            result.put("reason", reason.rfcName());
            result.put("wouldRevoke", certificates.size());
            result.put("wouldDeactivate", wouldDeactivate);
            ArrayNode items = result.putArray("items");
            certificates.forEach(items::add);
            out().println(ApiJson.pretty(result));
            return ExitCodes.OK;
        }
        if (!certificates.isEmpty()) {
            Instant now = ctx.clock().instant();
            Table table = new Table("SERIAL", "ISSUER", "NAME", "EXPIRES");
            for (JsonNode c : certificates) {
                List<String> sans = ApiJson.strings(c, "sans");
                table.row(ApiJson.textOrEmpty(c, "serial"), ApiJson.textOrEmpty(c, "issuer"),
                        ApiJson.text(c, "subject").orElse(sans.isEmpty() ? "" : sans.get(0)),
                        ApiJson.instant(c, "notAfter").map(t -> RelativeTime.dateWithRelative(t, now))
                                .orElse(ApiJson.textOrEmpty(c, "notAfter")));
            }
            table.print(out());
        }
        out().println("dry run: would revoke " + AccountView.certificates(certificates.size()) + " of "
                + AccountView.describe(account) + " with reason " + reason.rfcName()
                + (wouldDeactivate ? " and deactivate the account" : "") + "; nothing was changed");
        return ExitCodes.OK;
    }
}
