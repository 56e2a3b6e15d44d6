package dev.sigil.cli.acme;

import dev.sigil.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sigil acme}: the ACME directories, their External Account Binding keys and the accounts. */
@Command(name = "acme", mixinStandardHelpOptions = true,
        description = "ACME directories, External Account Binding keys and accounts.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil acme directories",
            "  sigil acme eab create --directory iot --label batch-2026-11",
            "  sigil acme eab list --directory iot",
            "  sigil acme accounts list --directory iot",
            "  sigil acme accounts revoke-certificates Xq3v9Lk2TfOa1bWm --reason keyCompromise --dry-run"})
public final class AcmeCommand extends GroupCommand {
}
