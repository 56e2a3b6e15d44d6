package dev.sigil.cli.command;

import java.io.Console;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * Asks for a secret on the terminal without echoing it. Absent when standard input is not a terminal (piped,
 * redirected, a test): callers then read standard input instead.
 */
@FunctionalInterface
public interface SecretPrompt {

    /** No terminal. */
    SecretPrompt NONE = message -> Optional.empty();

    /**
     * Shows {@code message} and reads one line without echo.
     *
     * @return the characters typed (the caller clears them), or empty when there is no terminal to ask on
     */
    Optional<char[]> ask(String message);

    /** The process's terminal through {@link System#console()}. */
    static SecretPrompt console() {
        return message -> terminal().map(c -> {
            char[] typed = c.readPassword("%s", message);
            return typed == null ? new char[0] : typed; // end of input (Ctrl-D): an empty answer, not "no terminal"
        });
    }

    /**
     * The console if both standard input and output are a terminal. Java 21 returns no console otherwise; Java 22 to
     * 24 may return one for redirected streams, so {@code isTerminal()} (Java 22+, called reflectively because the CLI
     * compiles for 21) decides there.
     */
    private static Optional<Console> terminal() {
        Console c = System.console();
        if (c == null) {
            return Optional.empty();
        }
        try {
            Object tty = Console.class.getMethod("isTerminal").invoke(c);
            return Boolean.TRUE.equals(tty) ? Optional.of(c) : Optional.empty();
        } catch (NoSuchMethodException e) {
            return Optional.of(c);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return Optional.empty();
        }
    }
}
