package dev.sigil.cli.crl;

import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sigil crl}: the certificate revocation lists Sigil publishes. */
@Command(name = "crl", mixinStandardHelpOptions = true,
        description = "Certificate revocation lists: what each issuer currently publishes.",
        footerHeading = "%nExamples:%n",
        footer = {"  sigil crl show --issuer int-3f9a1c2b", "  sigil crl show --issuer int-3f9a1c2b --output json"})
public final class CrlCommand extends GroupCommand {

    /** The subcommands, wired with the run's context; {@code SigilCli} adds them under this group. */
    public static Object[] subcommands(CliContext ctx) {
        return new Object[] {new CrlShowCommand(ctx)};
    }
}
