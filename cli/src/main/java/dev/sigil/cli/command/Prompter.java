package dev.sigil.cli.command;

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
}
