package dev.sigil.cli.cert;

import dev.sigil.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sigil cert}: groups issue, list, show and revoke. */
@Command(name = "cert", mixinStandardHelpOptions = true,
        description = "Issue, list, show and revoke certificates.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil cert issue --csr www.csr --out www.pem",
            "  sigil cert list --expiring-within 30d",
            "  sigil cert revoke 5f0c2d9a41b7 --reason keyCompromise"})
public final class CertCommand extends GroupCommand {
}
