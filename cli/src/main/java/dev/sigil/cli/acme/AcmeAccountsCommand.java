package dev.sigil.cli.acme;

import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sigil acme accounts}: the ACME accounts registered with Sigil, and the incident actions on them. */
@Command(name = "accounts", mixinStandardHelpOptions = true,
        description = {"ACME accounts: list them with what they hold, deactivate one, or revoke every certificate",
            "issued through its orders (e.g. when the account key or the host running the client is compromised)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil acme accounts list --directory iot --status valid",
            "  sigil acme accounts show Xq3v9Lk2TfOa1bWm",
            "  sigil acme accounts revoke-certificates Xq3v9Lk2TfOa1bWm --reason keyCompromise --dry-run",
            "  sigil acme accounts revoke-certificates Xq3v9Lk2TfOa1bWm --reason keyCompromise --deactivate",
            "  sigil acme accounts deactivate Xq3v9Lk2TfOa1bWm --yes"})
public final class AcmeAccountsCommand extends GroupCommand {

    /** The subcommands, wired with the run's context; {@code SigilCli} adds them under this group. */
    public static Object[] subcommands(CliContext ctx) {
        return new Object[] {new AcmeAccountsListCommand(ctx), new AcmeAccountsShowCommand(ctx),
            new AcmeAccountsDeactivateCommand(ctx), new AcmeAccountsRevokeCommand(ctx)};
    }
}
