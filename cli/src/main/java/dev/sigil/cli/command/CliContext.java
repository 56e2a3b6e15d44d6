package dev.sigil.cli.command;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a command may touch of the outside world: its standard streams, the terminal, the environment and a
 * clock. Commands never use {@code System.in}, {@code System.out}, {@code System.console()}, {@code System.getenv}
 * or {@code System.exit}, so the CLI can run in-process in tests.
 *
 * @param out    standard output: results
 * @param err    standard error: messages, warnings, errors
 * @param env    the environment variables ({@code SIGIL_*}, {@code HOME}, {@code PWD}...)
 * @param clock  "now", for relative times
 * @param in     standard input (a token piped to {@code sigil login})
 * @param prompt the terminal, for secrets typed without echo; {@link SecretPrompt#NONE} when there is none
 */
public record CliContext(PrintStream out, PrintStream err, Map<String, String> env, Clock clock, InputStream in,
                         SecretPrompt prompt) {

    public CliContext {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(clock, "clock");
        env = env == null ? Map.of() : Map.copyOf(env);
        in = in == null ? InputStream.nullInputStream() : in;
        prompt = prompt == null ? SecretPrompt.NONE : prompt;
    }

    /** No standard input and no terminal: what tests and scripts that never read input get. */
    public CliContext(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {
        this(out, err, env, clock, InputStream.nullInputStream(), SecretPrompt.NONE);
    }

    /** The working directory: {@code PWD} from the environment if set, else the process's. */
    public Path workingDir() {
        String pwd = env.get("PWD");
        return pwd == null || pwd.isBlank() ? Path.of("").toAbsolutePath() : Path.of(pwd);
    }

    /** A path the user typed, relative to {@link #workingDir()}. */
    public Path resolve(String file) {
        return workingDir().resolve(file);
    }
}
