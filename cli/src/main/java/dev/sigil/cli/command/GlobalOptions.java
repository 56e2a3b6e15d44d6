package dev.sigil.cli.command;

import dev.sigil.cli.config.ConnectionFlags;
import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.util.Optional;

/**
 * The options every {@code sigil} command accepts, mixed into each level ({@code sigil}, {@code sigil cert},
 * {@code sigil cert list}) so they may be given anywhere on the line; {@link #merged} picks the one nearest the
 * leaf command.
 */
public final class GlobalOptions {

    /** The mixin name under which every command carries these options. */
    public static final String MIXIN_NAME = "global";

    @Option(names = "--server", paramLabel = "URL",
            description = "Sigil server (env SIGIL_SERVER; default https://localhost:8443).")
    String server;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the API token (env SIGIL_TOKEN_FILE, or the token itself in SIGIL_TOKEN).")
    String tokenFile;

    @Option(names = "--ca-cert", paramLabel = "FILE",
            description = "PEM root CA to trust for the server, instead of the JDK's (env SIGIL_CA_CERT).")
    String caCert;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "Output format: table (default), json, pem or csv (where the command supports it).")
    OutputFormat output;

    @Option(names = "--debug", description = "Log HTTP requests and show stack traces on errors.")
    boolean debug;

    /**
     * The effective global options of a command: for each option the value given nearest to the leaf command,
     * {@code --debug} if given anywhere.
     *
     * @param flags  connection flags
     * @param output the output format, absent for the command's default
     * @param debug  whether {@code --debug} was given
     */
    public record Merged(ConnectionFlags flags, Optional<OutputFormat> output, boolean debug) {
    }

    /** Merges the options along the path from {@code leaf} up to the top-level command. */
    public static Merged merged(CommandSpec leaf) {
        String server = null;
        String tokenFile = null;
        String caCert = null;
        OutputFormat output = null;
        boolean debug = false;
        for (CommandSpec s = leaf; s != null; s = s.parent()) {
            CommandSpec mixin = s.mixins().get(MIXIN_NAME);
            if (mixin != null && mixin.userObject() instanceof GlobalOptions g) {
                server = server != null ? server : g.server;
                tokenFile = tokenFile != null ? tokenFile : g.tokenFile;
                caCert = caCert != null ? caCert : g.caCert;
                output = output != null ? output : g.output;
                debug |= g.debug;
            }
        }
        return new Merged(new ConnectionFlags(Optional.ofNullable(server), Optional.ofNullable(tokenFile),
                Optional.ofNullable(caCert)), Optional.ofNullable(output), debug);
    }
}
