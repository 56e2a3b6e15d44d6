package dev.sigil.cli.acme;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.output.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sigil acme eab create}: {@code POST /api/v1/acme/directories/{name}/eab-keys}. The key id and HMAC key are
 * printed once, on stdout, in the form ACME clients take them (certbot's --eab-kid / --eab-hmac-key).
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create an EAB key for a directory. The HMAC key is shown this once, on stdout."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil acme eab create --directory iot --label batch-2026-11",
            "  certbot register --server https://ca:8443/acme/iot/directory --eab-kid KID --eab-hmac-key KEY ..."})
public final class AcmeEabCreateCommand extends ApiCommand {

    @Option(names = "--directory", required = true, paramLabel = "NAME", description = "The ACME directory.")
    String directory;

    @Option(names = "--label", paramLabel = "TEXT", description = "A note on who gets the key (device batch, tenant).")
    String label;

    /** @param ctx streams, environment and clock of this run */
    public AcmeEabCreateCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (!directory.matches("[a-z0-9-]+")) {
            throw usage("--directory must be a directory name (lower-case letters, digits, '-')");
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        var body = ApiJson.object();
        if (label != null) {
            body.put("label", label);
        }
        JsonNode created = client.post("/acme/directories/" + directory + "/eab-keys", Query.empty(), body);
        String kid = ApiJson.text(created, "keyId")
                .orElseThrow(() -> new CliException("the server's answer has no keyId", ExitCodes.FAILURE));
        String hmac = ApiJson.text(created, "hmacKey")
                .orElseThrow(() -> new CliException("the server's answer has no hmacKey", ExitCodes.FAILURE));
        err().println("warning: the HMAC key is shown only this once; hand it to the client now.");
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(created));
        } else {
            out().println("key-id:   " + Terminal.clean(kid));
            out().println("hmac-key: " + Terminal.clean(hmac));
        }
        return ExitCodes.OK;
    }
}
