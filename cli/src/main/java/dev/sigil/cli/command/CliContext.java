package dev.sigil.cli.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a command may touch of the outside world: its streams, whether a person sits at a terminal, the
 * environment and a clock. Commands never use {@code System.in}, {@code System.out}, {@code System.console()},
 * {@code System.getenv} or {@code System.exit}, so the CLI can run in-process in tests, which feed stdin and choose
 * the terminal state here.
 *
 * @param out         standard output: results
 * @param err         standard error: messages, warnings, errors, progress
 * @param env         the environment variables ({@code SIGIL_*}, {@code HOME}, {@code PWD}...)
 * @param clock       "now", for relative times and elapsed times
 * @param in          standard input: answers to confirmations, a token piped to {@code sigil login}
 * @param interactive whether a person is at a terminal: stdin can answer a question and stderr can draw a
 *                    progress bar; false when piped or in scripts (then nothing is asked, and progress is plain
 *                    lines)
 * @param prompter    who answers confirmations: by default the person at the terminal (question on stderr, answer
 *                    a line of stdin), {@link Prompter#NONE} when not interactive
 * @param prompt      the terminal, for secrets typed without echo; {@link SecretPrompt#NONE} when there is none
 */
public record CliContext(PrintStream out, PrintStream err, Map<String, String> env, Clock clock, BufferedReader in,
                         boolean interactive, Prompter prompter, SecretPrompt prompt) {

    public CliContext {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(prompter, "prompter");
        prompt = prompt == null ? SecretPrompt.NONE : prompt;
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** A context without stdin and without a terminal, as for a script. */
    public CliContext(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {
        this(out, err, env, clock, InputStream.nullInputStream(), false, SecretPrompt.NONE);
    }

    /** A context reading {@code in}, a terminal or not, without a hidden prompt. */
    public CliContext(PrintStream out, PrintStream err, Map<String, String> env, Clock clock, InputStream in,
                      boolean interactive) {
        this(out, err, env, clock, in, interactive, SecretPrompt.NONE);
    }

    /** A context reading {@code in}, not interactive, with {@code prompt} for hidden input (or NONE). */
    public CliContext(PrintStream out, PrintStream err, Map<String, String> env, Clock clock, InputStream in,
                      SecretPrompt prompt) {
        this(out, err, env, clock, in, false, prompt);
    }

    /** The process's context: {@code in} read in the platform's charset, as a terminal types it. */
    public CliContext(PrintStream out, PrintStream err, Map<String, String> env, Clock clock, InputStream in,
                      boolean interactive, SecretPrompt prompt) {
        this(out, err, env, clock, new BufferedReader(new InputStreamReader(in, Charset.defaultCharset())),
                interactive, prompt);
    }

    private CliContext(PrintStream out, PrintStream err, Map<String, String> env, Clock clock, BufferedReader in,
                       boolean interactive, SecretPrompt prompt) {
        this(out, err, env, clock, in, interactive, interactive ? terminal(err, in) : Prompter.NONE, prompt);
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

    /** The next line of stdin, without its line break; empty at the end of input. */
    public Optional<String> readLine() throws IOException {
        return Optional.ofNullable(in.readLine());
    }

    /** The person at the terminal: asks on {@code err}, reads the answer from {@code in}. */
    private static Prompter terminal(PrintStream err, BufferedReader in) {
        return new Prompter() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public Optional<String> ask(String question) {
                err.print(question);
                err.flush();
                try {
                    return Optional.ofNullable(in.readLine());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
