package dev.sigil.cli.command;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Optional;

/**
 * The person at the terminal, if there is one: destructive commands ask them to confirm. When standard input is not a
 * terminal (a script, a pipe, CI) nobody can answer, and such commands refuse unless told {@code --yes}, rather than
 * read a stray line of piped input as consent.
 */
public interface Prompter {

    /** Nobody to ask: every confirmation needs {@code --yes}. The default for in-process runs and tests. */
    Prompter NONE = new Prompter() {
        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public Optional<String> ask(String question) {
            return Optional.empty();
        }
    };

    /** Whether a person can answer: standard input and output are a terminal. */
    boolean interactive();

    /** Shows {@code question} and reads one line; empty if input ended. Only meaningful when {@link #interactive}. */
    Optional<String> ask(String question);

    /** Asks a yes/no question; only {@code y} or {@code yes} (any case) is a yes. */
    default boolean confirm(String question) {
        return ask(question + " [y/N] ").map(a -> a.strip().toLowerCase(Locale.ROOT))
                .filter(a -> a.equals("y") || a.equals("yes")).isPresent();
    }

    /** The process's console: interactive when the JVM is attached to a terminal. */
    static Prompter console() {
        Console console = System.console();
        if (console == null || !isTerminal(console)) {
            return NONE;
        }
        return new Prompter() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public Optional<String> ask(String question) {
                return Optional.ofNullable(console.readLine("%s", question));
            }
        };
    }

    /**
     * Since Java 22, {@code System.console()} also returns a console when the streams are redirected, and
     * {@code Console.isTerminal()} tells the two apart; on Java 21 (the release this module compiles for) a console
     * exists only for a terminal, and the method does not.
     */
    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
