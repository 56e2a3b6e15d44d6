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

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code sigil cert issue}: sends a CSR to {@code POST /api/v1/certificates} and saves or prints the result. */
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = {"Issue a certificate for a certificate signing request (PEM).",
            "Without --out, --chain-out or --fullchain-out the certificate PEM goes to stdout and the summary to "
                + "stderr, so the command can be piped."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout www.key \\",
            "      -subj /CN=www.sigil.internal -addext subjectAltName=DNS:www.sigil.internal -out www.csr",
            "  sigil cert issue --csr www.csr --profile server --ttl 30d --out www.pem --chain-out chain.pem",
            "  sigil cert issue --csr www.csr > www.pem"})
public final class CertIssueCommand extends ApiCommand {

    @Option(names = "--csr", required = true, paramLabel = "FILE", description = "The PEM CSR to sign.")
    String csrFile;

    @Option(names = "--profile", paramLabel = "NAME", description = "Issuance profile (server default: server).")
    String profile;

    @Option(names = "--ttl", paramLabel = "DURATION",
            description = "Lifetime, e.g. 90d, 12h, P30D (default: the profile's).")
    Duration ttl;

    @Option(names = "--owner", paramLabel = "OWNER", description = "Owner recorded in the inventory, e.g. a team.")
    String owner;

    @Option(names = "--label", paramLabel = "TEXT", description = "Free-text label recorded in the inventory.")
    String label;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the certificate PEM here.")
    String outFile;

    @Option(names = "--chain-out", paramLabel = "FILE",
            description = "Write the chain PEM (issuing CA up to, not including, the root) here.")
    String chainOutFile;

    @Option(names = "--fullchain-out", paramLabel = "FILE", description = "Write certificate and chain here.")
    String fullchainOutFile;

    private String csrPem;

    /** @param ctx streams, environment and clock of this run */
    public CertIssueCommand(CliContext ctx) {
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
        Optional.ofNullable(profile).ifPresent(p -> body.put("profile", p));
        Optional.ofNullable(ttl).ifPresent(t -> body.put("ttl", Durations.format(t)));
        Optional.ofNullable(owner).ifPresent(o -> body.put("owner", o));
        Optional.ofNullable(label).ifPresent(l -> body.put("label", l));
        JsonNode cert = client.post("/certificates", Query.empty(), body);
        return output().render(ctx, cert, format, "issued certificate " + ApiJson.textOrEmpty(cert, "serial"),
                List.of());
    }

    private IssuedOutput output() {
        return new IssuedOutput(outFile, chainOutFile, fullchainOutFile);
    }
}
