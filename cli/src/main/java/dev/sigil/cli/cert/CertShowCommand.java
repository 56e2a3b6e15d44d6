package dev.sigil.cli.cert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.EnumSet;
import java.util.Set;

/** {@code sigil cert show SERIAL}: one certificate, as details, JSON or PEM. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one certificate.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil cert show 5f0c2d9a41b7",
            "  sigil cert show 5F:0C:2D:9A:41:B7 --output pem > www.pem",
            "  sigil cert show 5f0c2d9a41b7 --issuer int-3f9a1c2b --output json"})
public final class CertShowCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "SERIAL", description = "Serial in hex; colons and upper case are fine.")
    Serial serial;

    @Option(names = "--issuer", paramLabel = "ID", description = "Issuer id, if the serial is ambiguous.")
    String issuer;

    /** @param ctx streams, environment and clock of this run */
    public CertShowCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected Set<OutputFormat> formats() {
        return EnumSet.of(OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.PEM);
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode cert = client.get("/certificates/" + serial.hex(), Query.empty().with("issuer", issuer));
        switch (format) {
            case JSON -> out().println(ApiJson.pretty(cert));
            case PEM -> out().print(CertificateView.certificatePem(cert).orElseThrow(
                    () -> new CliException("the server's answer has no certificatePem", ExitCodes.FAILURE)));
            default -> CertificateView.details(cert, ctx.clock().instant()).print(out(), 0);
        }
        return ExitCodes.OK;
    }
}
