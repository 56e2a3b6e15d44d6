package dev.sigil.cli.config;

import dev.sigil.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sigil config}: the CLI's own settings. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Show and change the CLI's settings (server, token file, CA certificate).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil config show",
            "  sigil config set server https://ca.example.internal:8443",
            "  sigil config unset ca-cert"})
public final class ConfigCommand extends GroupCommand {
}
