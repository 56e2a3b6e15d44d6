package dev.sigil.cli.ssh;

import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sigil ssh}: groups the commands for OpenSSH certificates and the KRL. */
@Command(name = "ssh", mixinStandardHelpOptions = true,
        description = {"OpenSSH certificates: sign user and host keys with Sigil's SSH CAs, revoke them, and fetch the"
            + " KRL (key revocation list) and CA keys that sshd and ssh need."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil ssh sign --public-key ~/.ssh/id_ed25519.pub --type user --principal alice --ttl 8h",
            "  sigil ssh policies                                              # what --policy NAME may name",
            "  sigil ssh ca --type user > /etc/ssh/sigil_user_ca.pub          # TrustedUserCAKeys",
            "  sigil ssh ca --type host --known-hosts '*.internal' >> ~/.ssh/known_hosts",
            "  sigil ssh revoke 1234567890 --reason keyCompromise",
            "  sigil ssh krl --out /etc/ssh/revoked_keys.krl                   # RevokedKeys"})
public final class SshCommand extends GroupCommand {

    /** The subcommands, wired with the run's context; {@code SigilCli} adds them under this group. */
    public static Object[] subcommands(CliContext ctx) {
        return new Object[] {new SshSignCommand(ctx), new SshListCommand(ctx), new SshShowCommand(ctx),
            new SshRevokeCommand(ctx), new SshCaCommand(ctx), new SshKrlCommand(ctx), new SshPoliciesCommand(ctx)};
    }
}
