package dev.sigil.cli.command;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the process talks to a person at a terminal; read once by {@code main}, never by commands. */
public final class StdinTerminal {

    private StdinTerminal() {
    }

    /**
     * True when stdin and stdout are a terminal. Up to JDK 21 {@link System#console()} is null otherwise; from
     * JDK 22 it may exist when redirected and {@code Console.isTerminal()} (called reflectively, since the CLI
     * compiles for 21) tells.
     */
    public static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only for a terminal
        }
    }
}
