package dev.sigil.cli.token;

import dev.sigil.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sigil token}: API tokens (admin role). */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Create, list and revoke API tokens (needs the admin role).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil token create --name ci-runner --role operator > ci-runner.token",
            "  sigil token list",
            "  sigil token revoke tok_4k2m9x"})
public final class TokenCommand extends GroupCommand {
}
