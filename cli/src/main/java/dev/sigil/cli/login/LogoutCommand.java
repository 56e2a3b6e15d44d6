package dev.sigil.cli.login;

import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.command.GlobalOptions;
import dev.sigil.cli.command.LocalCommand;
import dev.sigil.cli.config.SettingsResolver;
import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code sigil logout}: forgets the stored token (the file {@code sigil login} wrote and the config entry naming it).
 * The token stays valid on the server; {@code sigil token revoke} ends it there.
 */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = {"Remove the token stored by 'sigil login' (~/.config/sigil/token and its config entry).",
            "The server and CA settings stay. The token itself stays valid on the server: an admin revokes it",
            "with 'sigil token revoke ID'."},
        footerHeading = "%nExamples:%n",
        footer = {"  sigil logout", "  SIGIL_CONFIG=~/work/sigil.properties sigil logout"})
public final class LogoutCommand extends LocalCommand {

    /** @param ctx streams, environment, terminal and clock of this run */
    public LogoutCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected Set<OutputFormat> formats() {
        return EnumSet.of(OutputFormat.TABLE);
    }

    @Override
    protected int execute(GlobalOptions.Merged opts, OutputFormat format) throws Exception {
        Path configFile = new SettingsResolver(ctx.env()).configPath().orElseThrow(() -> new CliException(
                "cannot tell where the login is stored: set HOME, XDG_CONFIG_HOME or " + SettingsResolver.ENV_CONFIG,
                ExitCodes.FAILURE));
        StoredLogin.Forgotten f = new StoredLogin(configFile).forget();
        if (!f.anything()) {
            out().println("No stored token in " + configFile.toAbsolutePath().getParent() + "; nothing to do.");
        }
        f.deleted().ifPresent(p -> out().println("Removed the stored token " + p + "."));
        if (f.unsetEntry()) {
            out().println("Removed " + SettingsResolver.KEY_TOKEN_FILE + " from " + configFile + ".");
        }
        f.keptFile().ifPresent(p -> out().println("Left " + p + " in place: sigil login did not write it."));
        for (String var : List.of(SettingsResolver.ENV_TOKEN, SettingsResolver.ENV_TOKEN_FILE)) {
            if (!ctx.env().getOrDefault(var, "").isBlank()) {
                err().println("note: " + var + " is still set in the environment; commands keep using it");
            }
        }
        return ExitCodes.OK;
    }
}
