package dev.sigil.cli.ca;

import dev.sigil.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sigil ca}: the certificate authorities (issuers) the server runs. */
@Command(name = "ca", mixinStandardHelpOptions = true,
        description = "Show the certificate authorities (root and intermediates) of the server.",
        footerHeading = "%nExamples:%n",
        footer = {"  sigil ca list", "  sigil ca show int-3f9a1c2b", "  sigil ca list --output pem > sigil-cas.pem"})
public final class CaCommand extends GroupCommand {
}
