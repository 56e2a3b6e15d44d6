package dev.sigil.cli.acme;

import dev.sigil.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sigil acme}: the ACME directories and their External Account Binding keys. */
@Command(name = "acme", mixinStandardHelpOptions = true,
        description = "ACME directories and External Account Binding keys.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil acme directories",
            "  sigil acme eab create --directory iot --label batch-2026-11",
            "  sigil acme eab list --directory iot"})
public final class AcmeCommand extends GroupCommand {
}
