package dev.sigil.cli.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sigil ssh show SERIAL}: {@code GET /api/v1/ssh/certificates/{serial}}. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one SSH certificate, with the certificate line itself.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil ssh show 1234567890",
            "  sigil ssh show 1234567890 --output json",
            "  ssh-keygen -L -f id_ed25519-cert.pub | grep Serial    # the serial of a certificate file"})
public final class SshShowCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "SERIAL", description = "Serial in decimal, as ssh-keygen -L prints it.")
    String serialText;

    private SshSerial serial;

    /** @param ctx streams, environment and clock of this run */
    public SshShowCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        try {
            serial = SshSerial.parse(serialText);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode cert = client.get("/ssh/certificates/" + serial, Query.empty());
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(cert));
            return ExitCodes.OK;
        }
        SshCertView.details(cert, ctx.clock().instant()).print(out(), 0);
        ApiJson.text(cert, "certificate").ifPresent(line -> {
            out().println();
            out().println(line);
        });
        return ExitCodes.OK;
    }
}
