package dev.sigil.cli.login;

import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.config.ConfigException;
import dev.sigil.cli.config.SettingsResolver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads the token {@code sigil login} stores, never from an argument (it would land in shell history): from
 * {@code --token-file}, else from a no-echo prompt on a terminal, else from standard input (piped).
 */
final class TokenInput {

    /** Tokens are ~50 characters; more than this on standard input is not a token. */
    static final int MAX_TOKEN_BYTES = 4096;

    private TokenInput() {
    }

    /**
     * @param file   {@code --token-file}, resolved
     * @param server named in the prompt
     * @return the token and where it came from ({@code --token-file FILE}, {@code the terminal}, {@code standard input})
     */
    static Token read(CliContext ctx, Optional<Path> file, String server) throws CliException, ConfigException {
        if (file.isPresent()) {
            return new Token(SettingsResolver.readToken(file.get(), "--token-file"), "--token-file " + file.get());
        }
        Optional<char[]> typed = ctx.prompt().ask("API token for " + server + " (input hidden): ");
        if (typed.isPresent()) {
            char[] chars = typed.get();
            try {
                return new Token(SettingsResolver.checkToken(new String(chars), "the token typed"), "the terminal");
            } finally {
                Arrays.fill(chars, '\0');
            }
        }
        char[] chars = new char[MAX_TOKEN_BYTES + 1];
        int length = 0;
        try {
            for (int n; length < chars.length && (n = ctx.in().read(chars, length, chars.length - length)) >= 0; ) {
                length += n;
            }
        } catch (IOException e) {
            throw new CliException("cannot read the token from standard input: " + e.getMessage(), ExitCodes.FAILURE, e);
        }
        if (length == 0) {
            throw new CliException("no token given: pass --token-file FILE, pipe the token on standard input"
                    + " (e.g. 'sigil login --server URL < token-file'), or run on a terminal to be asked for it",
                    ExitCodes.USAGE);
        }
        if (length > MAX_TOKEN_BYTES) {
            Arrays.fill(chars, '\0');
            throw new CliException("standard input holds more than " + MAX_TOKEN_BYTES + " characters; it is not a"
                    + " token", ExitCodes.USAGE);
        }
        try {
            return new Token(SettingsResolver.checkToken(new String(chars, 0, length), "standard input"),
                    "standard input");
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** A token and where it was read from; {@link #toString()} hides the token. */
    record Token(String secret, String source) {
        @Override
        public String toString() {
            return "Token[<redacted> from " + source + "]";
        }
    }
}
