package dev.sigil.cli.cert;

import dev.sigil.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sigil cert}: groups issue, list, show, revoke, renew and download. */
@Command(name = "cert", mixinStandardHelpOptions = true,
        description = "Issue, list, show, revoke, renew and download certificates.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil cert issue --csr www.csr --out www.pem",
            "  sigil cert list --expiring-within 30d",
            "  sigil cert revoke 5f0c2d9a41b7 --reason keyCompromise",
            "  sigil cert revoke --san '*.ci.internal' --issued-after 7d --reason keyCompromise --dry-run",
            "  sigil cert renew 5f0c2d9a41b7 --csr www.csr --out www.pem",
            "  sigil cert download 5f0c2d9a41b7 --format fullchain --out www.fullchain.pem"})
public final class CertCommand extends GroupCommand {
}
