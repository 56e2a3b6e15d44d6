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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.Optional;

/** {@code sigil cert revoke SERIAL --reason R}: revokes through {@code POST /certificates/{serial}/revoke}. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke a certificate. The next CRL of its issuer lists it.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil cert revoke 5f0c2d9a41b7 --reason keyCompromise",
            "  sigil cert revoke 5f0c2d9a41b7 --reason superseded --issuer int-3f9a1c2b",
            "",
            "Reasons (RFC 5280, case-insensitive, or their codes): unspecified(0), keyCompromise(1),",
            "  cACompromise(2), affiliationChanged(3), superseded(4), cessationOfOperation(5),",
            "  certificateHold(6), privilegeWithdrawn(9), aACompromise(10)"})
public final class CertRevokeCommand extends ApiCommand {

    /** The HTTP status of "already revoked". */
    private static final int CONFLICT = 409;

    @Parameters(index = "0", paramLabel = "SERIAL", description = "Serial in hex; colons and upper case are fine.")
    Serial serial;

    @Option(names = "--reason", required = true, paramLabel = "REASON", description = "Why (see below).")
    RevocationReason reason;

    @Option(names = "--issuer", paramLabel = "ID", description = "Issuer id, if the serial is ambiguous.")
    String issuer;

    @Option(names = "--invalidity-date", paramLabel = "TIME",
            description = "When the key is known or suspected to have become unusable: RFC 3339, or e.g. 2d (ago).")
    Instant invalidityDate;

    /** @param ctx streams, environment and clock of this run */
    public CertRevokeCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        ObjectNode body = ApiJson.object().put("reason", reason.rfcName());
        Optional.ofNullable(invalidityDate).ifPresent(t -> body.put("invalidityDate", t.toString()));
        JsonNode cert;
        try {
            cert = client.post("/certificates/" + serial.hex() + "/revoke", Query.empty().with("issuer", issuer),
                    body);
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
