package dev.sigil.cli.audit;

import dev.sigil.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sigil audit}: the hash-chained audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Read and verify the audit log.",
        footerHeading = "%nExamples:%n",
        footer = {"  sigil audit list --from 24h --action certificate.revoke", "  sigil audit verify"})
public final class AuditCommand extends GroupCommand {
}
