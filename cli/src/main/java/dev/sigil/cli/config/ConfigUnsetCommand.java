package dev.sigil.cli.config;

import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.command.GlobalOptions;
import dev.sigil.cli.command.LocalCommand;
import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code sigil config unset KEY}: removes a setting from the config file (any key, so that a mistyped one can be
 * removed too). Files the setting named are left alone.
 */
@Command(name = "unset", mixinStandardHelpOptions = true,
        description = {"Remove a setting from the config file; the default (or the environment) applies again.",
            "Files it named are not deleted ('sigil logout' deletes the stored token)."},
        footerHeading = "%nExamples:%n",
        footer = {"  sigil config unset ca-cert", "  sigil config unset server"})
public final class ConfigUnsetCommand extends LocalCommand {

    @Parameters(index = "0", paramLabel = "KEY", description = "server, token-file or ca-cert.")
    String key;

    /** @param ctx streams, environment, terminal and clock of this run */
    public ConfigUnsetCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected Set<OutputFormat> formats() {
        return EnumSet.of(OutputFormat.TABLE);
    }

    @Override
    protected int execute(GlobalOptions.Merged opts, OutputFormat format) throws Exception {
        if (key.equals("token")) {
            throw usage("the token is stored by 'sigil login' as token-file; 'sigil logout' removes it");
        }
        Path config = ConfigSetCommand.configFile(ctx);
        if (ConfigFileEditor.unset(config, key)) {
            out().println("Removed " + key + " from " + config + ".");
        } else {
            out().println(key + " is not set in " + config + "; nothing to do.");
        }
        return ExitCodes.OK;
    }
}
