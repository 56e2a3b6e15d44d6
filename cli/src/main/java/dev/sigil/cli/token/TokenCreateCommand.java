package dev.sigil.cli.token;

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
 * {@code sigil token create}: {@code POST /api/v1/tokens}. The secret is printed once, alone on stdout so it can be
 * redirected into a file; the warning and the token's id go to stderr.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create an API token. Its secret is shown this once, on stdout: redirect it into a file."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  (umask 077; sigil token create --name ci-runner --role operator > ci-runner.token)",
            "  sigil token create --name audit-bot --role auditor --output json"})
public final class TokenCreateCommand extends ApiCommand {

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who or what uses the token.")
    String name;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "auditor, operator or admin.")
    Role role;

    /** @param ctx streams, environment and clock of this run */
    public TokenCreateCommand(CliContext ctx) {
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
        JsonNode created = client.post("/tokens", Query.empty(),
                ApiJson.object().put("name", name).put("role", role.wire()));
        String secret = ApiJson.text(created, "token")
                .orElseThrow(() -> new CliException("the server's answer has no token", ExitCodes.FAILURE));
        err().println(Terminal.clean("created token " + ApiJson.textOrEmpty(created, "id") + " '"
                + ApiJson.text(created, "name").orElse(name) + "' with role "
                + ApiJson.text(created, "role").orElse(role.wire()) + "."));
        err().println("warning: the secret is shown only this once; store it now (it cannot be shown again).");
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(created));
        } else {
            out().println(Terminal.clean(secret));
        }
        return ExitCodes.OK;
    }
}
