package dev.sigil.cli.cert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.time.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    /** A CSR is 1-4 KiB; this bounds what is read from a mistaken path. */
    static final int MAX_CSR_BYTES = 64 * 1024;
    private static final String CSR_MARKER = "CERTIFICATE REQUEST-----";

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
        return EnumSet.allOf(OutputFormat.class);
    }

    @Override
    protected void validate() {
        Path csr = ctx.resolve(csrFile);
        try {
            if (!Files.isRegularFile(csr)) {
                throw usage("--csr " + csrFile + ": no such file");
            }
            if (Files.size(csr) > MAX_CSR_BYTES) {
                throw usage("--csr " + csrFile + ": larger than " + MAX_CSR_BYTES + " bytes, not a CSR");
            }
            csrPem = Files.readString(csr, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw usage("--csr " + csrFile + ": cannot read: " + e.getMessage());
        }
        if (!csrPem.contains("-----BEGIN " + CSR_MARKER) && !csrPem.contains("-----BEGIN NEW " + CSR_MARKER)) {
            throw usage("--csr " + csrFile + " is not a PEM certificate signing request"
                    + " (expected -----BEGIN CERTIFICATE REQUEST-----)");
        }
        for (String[] o : new String[][] {{"--out", outFile}, {"--chain-out", chainOutFile},
            {"--fullchain-out", fullchainOutFile}}) {
            if (o[1] != null && !PemFiles.writable(ctx.resolve(o[1]))) {
                throw usage(o[0] + " " + o[1] + ": cannot write there (missing directory or no permission)");
            }
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        ObjectNode body = ApiJson.object().put("csr", csrPem);
        Optional.ofNullable(profile).ifPresent(p -> body.put("profile", p));
        Optional.ofNullable(ttl).ifPresent(t -> body.put("ttl", Durations.format(t)));
        Optional.ofNullable(owner).ifPresent(o -> body.put("owner", o));
        Optional.ofNullable(label).ifPresent(l -> body.put("label", l));
        JsonNode cert = client.post("/certificates", Query.empty(), body);

        List<String> wrote = new ArrayList<>();
        String serial = ApiJson.textOrEmpty(cert, "serial");
        write(outFile, CertificateView.certificatePem(cert), "certificate", serial, wrote);
        write(chainOutFile, CertificateView.chainPem(cert), "chain", serial, wrote);
        write(fullchainOutFile, CertificateView.fullchainPem(cert), "certificate and chain", serial, wrote);

        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(cert));
            wrote.forEach(err()::println);
            return ExitCodes.OK;
        }
        boolean pemToStdout = format == OutputFormat.PEM || wrote.isEmpty();
        PrintStream summary = pemToStdout ? err() : out();
        summary.println("issued certificate " + serial);
        CertificateView.summary(cert, ctx.clock().instant()).print(summary, 2);
        wrote.forEach(summary::println);
        if (pemToStdout) {
            out().print(CertificateView.certificatePem(cert).orElseThrow(() -> missing("certificatePem")));
        }
        return ExitCodes.OK;
    }

    private void write(String file, Optional<String> pem, String what, String serial, List<String> wrote)
            throws CliException {
        if (file == null) {
            return;
        }
        Path target = ctx.resolve(file);
        String text = pem.orElseThrow(() -> missing(what.equals("chain") ? "chainPem" : "certificatePem"));
        try {
            PemFiles.write(target, text);
        } catch (IOException e) {
            throw new CliException("certificate " + serial + " was issued, but writing " + target + " failed: "
                    + e.getMessage() + " (get it again with 'sigil cert show " + serial + " --output pem')",
                    ExitCodes.FAILURE, e);
        }
        wrote.add("wrote " + what + " to " + target);
    }

    private static CliException missing(String field) {
        return new CliException("the server's answer has no " + field, ExitCodes.FAILURE);
    }
}
