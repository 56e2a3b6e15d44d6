package dev.sigil.cli.managed;

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
import picocli.CommandLine.Parameters;

/**
 * {@code sigil managed token NAME}: {@code POST /api/v1/managed/{name}/tokens}, a workload token that can do one
 * thing: fetch this managed certificate's credential. The secret is printed once, alone on stdout.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Create a workload token for one managed certificate: it can fetch that credential and"
            + " nothing else. Its secret is shown this once, on stdout: redirect it into a file.",
            "Revoke it with 'sigil token revoke ID'."},
        footerHeading = "%nExamples:%n",
        footer = {"  (umask 077; sigil managed token web --name web-01 > web.token)",
            "  SIGIL_TOKEN_FILE=web.token sigil managed fetch web --out-dir /etc/ssl/web"})
public final class ManagedTokenCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The managed certificate the token may read.")
    String managed;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who or what uses the token.")
    String name;

    /** @param ctx streams, environment and clock of this run */
    public ManagedTokenCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (name.isBlank()) {
            throw usage("--name must not be blank");
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode created = client.post("/managed/" + Query.encode(managed) + "/tokens", Query.empty(),
                ApiJson.object().put("name", name));
        String secret = ApiJson.text(created, "secret")
                .orElseThrow(() -> new CliException("the server's answer has no secret", ExitCodes.FAILURE));
        err().println(Terminal.clean("created workload token " + ApiJson.textOrEmpty(created, "id") + " '"
                + ApiJson.text(created, "name").orElse(name) + "' for managed certificate "
                + ApiJson.text(created, "scope").orElse(managed) + "."));
        err().println("warning: the secret is shown only this once; store it now (it cannot be shown again).");
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(created));
        } else {
            out().println(Terminal.clean(secret));
        }
        return ExitCodes.OK;
    }
}
