package dev.sigil.cli.cert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/** {@code sigil cert download SERIAL}: the certificate, its chain, or both, from {@code GET /certificates/{serial}}. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Download a certificate (PEM or DER), its chain, or both (fullchain), to a file or stdout.",
            "The chain is the issuing CA up to, not including, the root."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil cert download 5f0c2d9a41b7 --out www.pem",
            "  sigil cert download 5f0c2d9a41b7 --format fullchain --out /etc/nginx/tls/www.fullchain.pem",
            "  sigil cert download 5f0c2d9a41b7 --format der --out www.der",
            "  sigil cert download 5f0c2d9a41b7 --format chain | openssl x509 -noout -subject"})
public final class CertDownloadCommand extends ApiCommand {

    /** What to download. */
    enum Format {
        PEM, DER, CHAIN, FULLCHAIN;

        static Format parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown format '" + text + "' (use pem, der, chain or fullchain)");
            }
        }
    }

    @Parameters(index = "0", paramLabel = "SERIAL", description = "Serial in hex; colons and upper case are fine.")
    Serial serial;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "pem", converter = FormatConverter.class,
            description = "pem (default: the certificate), der (the certificate, binary), chain, or fullchain "
                    + "(certificate then chain).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here (replaced whole) instead of stdout.")
    String outFile;

    @Option(names = "--issuer", paramLabel = "ID", description = "Issuer id, if the serial is ambiguous.")
    String issuer;

    /** @param ctx streams, environment and clock of this run */
    public CertDownloadCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (outFile != null && !PemFiles.writable(ctx.resolve(outFile))) {
            throw usage("--out " + outFile + ": cannot write there (missing directory or no permission)");
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat output) throws Exception {
        JsonNode cert = client.get("/certificates/" + serial.hex(), Query.empty().with("issuer", issuer));
        byte[] bytes = switch (format) {
            case PEM -> ascii(CertificateView.certificatePem(cert), "certificatePem");
            case CHAIN -> ascii(CertificateView.chainPem(cert), "chainPem");
            case FULLCHAIN -> ascii(CertificateView.fullchainPem(cert), "certificatePem");
            case DER -> der(ascii(CertificateView.certificatePem(cert), "certificatePem"));
        };
        if (outFile == null) {
            out().write(bytes);
            out().flush();
            return ExitCodes.OK;
        }
        Path target = ctx.resolve(outFile);
        try {
            PemFiles.write(target, bytes);
        } catch (IOException e) {
            throw new CliException("writing " + target + " failed: " + e.getMessage(), ExitCodes.FAILURE, e);
        }
        err().println("wrote " + format.name().toLowerCase(Locale.ROOT) + " of certificate " + serial + " to "
                + target);
        return ExitCodes.OK;
    }

    private static byte[] ascii(Optional<String> pem, String field) throws CliException {
        return pem.orElseThrow(() -> new CliException("the server's answer has no " + field, ExitCodes.FAILURE))
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] der(byte[] pem) throws CliException {
        String text = new String(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN CERTIFICATE-----");
        int end = text.indexOf("-----END CERTIFICATE-----");
        if (begin < 0 || end < begin) {
            throw new CliException("the server's certificatePem is not a PEM certificate", ExitCodes.FAILURE);
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(begin + "-----BEGIN CERTIFICATE-----".length(), end));
        } catch (IllegalArgumentException e) {
            throw new CliException("the server's certificatePem is not valid base64", ExitCodes.FAILURE, e);
        }
    }

    /** Picocli converter for {@code --format}. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
