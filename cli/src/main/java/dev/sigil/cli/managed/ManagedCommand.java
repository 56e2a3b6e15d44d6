package dev.sigil.cli.managed;

import dev.sigil.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sigil managed}: groups the commands for certificates Sigil keeps issuing and renewing itself. */
@Command(name = "managed", mixinStandardHelpOptions = true,
        description = {"Managed certificates: Sigil generates the key, issues, renews before expiry and serves the"
            + " current credential to the workload."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil managed create web --cn web.internal --san dns:web.internal --lifetime 30d",
            "  sigil managed token web --name web-01 > web.token",
            "  SIGIL_TOKEN_FILE=web.token sigil managed fetch web --out-dir /etc/ssl/web"})
public final class ManagedCommand extends GroupCommand {
}
