package dev.sigil.cli.config;

import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.command.GlobalOptions;
import dev.sigil.cli.command.LocalCommand;
import dev.sigil.cli.http.TrustAnchors;
import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code sigil config set KEY VALUE}: writes one setting to the config file after checking it (a URL that parses, a
 * token file that holds one token, a CA file that holds a certificate). File paths are stored absolute, because the
 * config file reads relative paths relative to itself.
 */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Set one setting in the config file: server (https URL), token-file (a file holding the",
            "token) or ca-cert (PEM root CA). The token itself is never a value here: use 'sigil login'."},
        footerHeading = "%nExamples:%n",
        footer = {"  sigil config set server https://ca.example.internal:8443",
            "  sigil config set token-file ~/secrets/sigil-operator.token",
            "  sigil config set ca-cert ./root.pem"})
public final class ConfigSetCommand extends LocalCommand {

    @Parameters(index = "0", paramLabel = "KEY", description = "server, token-file or ca-cert.")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE", description = "The new value.")
    String value;

    /** @param ctx streams, environment, terminal and clock of this run */
    public ConfigSetCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected Set<OutputFormat> formats() {
        return EnumSet.of(OutputFormat.TABLE);
    }

    @Override
    protected int execute(GlobalOptions.Merged opts, OutputFormat format) throws Exception {
        String stored = switch (key) {
            case SettingsResolver.KEY_SERVER -> checked(() -> SettingsResolver.parseServer(value, "the value")
                    .toString());
            case SettingsResolver.KEY_TOKEN_FILE -> {
                Path file = ctx.resolve(value).toAbsolutePath().normalize();
                checked(() -> SettingsResolver.readToken(file, "the value"));
                warnIfReadableByOthers(file);
                yield file.toString();
            }
            case SettingsResolver.KEY_CA_CERT -> {
                Path file = ctx.resolve(value).toAbsolutePath().normalize();
                checked(() -> TrustAnchors.read(file));
                yield file.toString();
            }
            case "token" -> throw usage("the token is never a command-line value (it would land in shell history):"
                    + " run 'sigil login', which reads it from --token-file, a prompt or standard input, or"
                    + " 'sigil config set token-file FILE'");
            default -> throw usage("unknown setting '" + key + "'; settings are "
                    + new TreeSet<>(SettingsResolver.KNOWN_KEYS));
        };
        Path config = configFile(ctx);
        ConfigFileEditor.set(config, key, stored);
        out().println("Set " + key + "=" + stored + " in " + config + ".");
        noteOverrides(ctx, key);
        return ExitCodes.OK;
    }

    /** Where the config file is, or a failure saying why there is none. */
    static Path configFile(CliContext ctx) throws CliException {
        return new SettingsResolver(ctx.env()).configPath().orElseThrow(() -> new CliException("cannot tell where"
                + " the config file is: set HOME, XDG_CONFIG_HOME or " + SettingsResolver.ENV_CONFIG,
                ExitCodes.FAILURE));
    }

    /** Tells the user when the environment hides what is in the file. */
    static void noteOverrides(CliContext ctx, String key) {
        Set<String> vars = switch (key) {
            case SettingsResolver.KEY_SERVER -> Set.of(SettingsResolver.ENV_SERVER);
            case SettingsResolver.KEY_TOKEN_FILE -> Set.of(SettingsResolver.ENV_TOKEN, SettingsResolver.ENV_TOKEN_FILE);
            case SettingsResolver.KEY_CA_CERT -> Set.of(SettingsResolver.ENV_CA_CERT);
            default -> Set.of();
        };
        for (String v : new TreeSet<>(vars)) {
            if (!ctx.env().getOrDefault(v, "").isBlank()) {
                ctx.err().println("note: " + v + " is set in the environment and takes precedence over the file");
            }
        }
    }

    private void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                err().println("warning: " + file + " is readable by other users; 'chmod 600 " + file + "'");
            }
        } catch (UnsupportedOperationException | java.io.IOException e) {
            // not a POSIX file system: nothing to check
        }
    }

    /** A check whose {@link ConfigException} is a usage error: the value typed is wrong. */
    private interface Check<T> {
        T run() throws ConfigException;
    }

    private <T> T checked(Check<T> check) {
        try {
            return check.run();
        } catch (ConfigException e) {
            throw usage(e.getMessage());
        }
    }
}
