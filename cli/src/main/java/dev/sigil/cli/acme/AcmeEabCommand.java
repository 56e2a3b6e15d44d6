package dev.sigil.cli.acme;

import dev.sigil.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sigil acme eab}: External Account Binding keys (RFC 8555 §7.3.4). */
@Command(name = "eab", mixinStandardHelpOptions = true,
        description = {"External Account Binding keys: pre-authorise ACME clients (an IoT batch, a tenant) to register",
                "with a directory that requires EAB. Each key binds to one account, once."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil acme eab create --directory iot --label batch-2026-11",
            "  sigil acme eab list --directory iot --output json"})
public final class AcmeEabCommand extends GroupCommand {
}
