package dev.sigil.cli.cert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.time.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code sigil cert renew SERIAL --csr FILE}: {@code POST /certificates/{serial}/renew}, saved or printed. */
@Command(name = "renew", mixinStandardHelpOptions = true,
        description = {"Renew a certificate: a new one for the same names, profile, owner and label, from a new CSR.",
            "The CSR must name exactly the original's names. The original stays valid: revoke it (superseded) once "
                + "the new certificate is deployed.",
            "Without --out, --chain-out or --fullchain-out the certificate PEM goes to stdout and the summary to "
                + "stderr."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout www.key \\",
            "      -subj /CN=www.sigil.internal -addext subjectAltName=DNS:www.sigil.internal -out www.csr",
            "  sigil cert renew 5f0c2d9a41b7 --csr www.csr --out www.pem --chain-out chain.pem",
            "  sigil cert renew 5f0c2d9a41b7 --csr www.csr --ttl 30d > www.pem",
            "  sigil cert revoke 5f0c2d9a41b7 --reason superseded     (after deploying the new one)"})
public final class CertRenewCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "SERIAL", description = "Serial of the certificate to renew.")
    Serial serial;

    @Option(names = "--csr", required = true, paramLabel = "FILE",
            description = "The PEM CSR for the new certificate (a new key is best).")
    String csrFile;

    @Option(names = "--ttl", paramLabel = "DURATION",
            description = "Lifetime, e.g. 90d, 12h, P30D (default: the profile's).")
    Duration ttl;

    @Option(names = "--issuer", paramLabel = "ID", description = "Issuer id, if the serial is ambiguous.")
    String issuer;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the certificate PEM here.")
    String outFile;

    @Option(names = "--chain-out", paramLabel = "FILE",
            description = "Write the chain PEM (issuing CA up to, not including, the root) here.")
    String chainOutFile;

    @Option(names = "--fullchain-out", paramLabel = "FILE", description = "Write certificate and chain here.")
    String fullchainOutFile;

    private String csrPem;

    /** @param ctx streams, environment and clock of this run */
    public CertRenewCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected Set<OutputFormat> formats() {
        return EnumSet.of(OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.PEM);
    }

    @Override
    protected void validate() {
        try {
            csrPem = CsrFile.read(ctx.resolve(csrFile), csrFile);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        output().problem(ctx).ifPresent(p -> {
            throw usage(p);
        });
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        ObjectNode body = ApiJson.object().put("csr", csrPem);
        Optional.ofNullable(ttl).ifPresent(t -> body.put("ttl", Durations.format(t)));
        JsonNode cert = client.post("/certificates/" + serial.hex() + "/renew", Query.empty().with("issuer", issuer),
                body);
        JsonNode renews = cert.path("renews");
        String original = ApiJson.text(renews, "serial").orElse(serial.hex());
        String note = "the original certificate " + original + " was not revoked"
                + ApiJson.text(renews, "notAfter").map(t -> " (valid until " + t + ")").orElse("")
                + "; once the new one is deployed: sigil cert revoke " + original + " --reason superseded";
        return output().render(ctx, cert, format, "renewed certificate " + original + " as "
                + ApiJson.textOrEmpty(cert, "serial"), List.of(note));
    }

    private IssuedOutput output() {
        return new IssuedOutput(outFile, chainOutFile, fullchainOutFile);
    }
}
