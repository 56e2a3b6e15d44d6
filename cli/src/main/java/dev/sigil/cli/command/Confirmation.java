package dev.sigil.cli.command;

import java.util.Optional;

/**
 * The confirmation rule of destructive commands: ask the person at the terminal unless {@code --yes} was given; with
 * nobody to ask (standard input is not a terminal) refuse as a usage error, before anything is sent, so that a script
 * must say {@code --yes} explicitly.
 */
public final class Confirmation {

    private final Prompter prompter;
    private final boolean yes;

    /** @param yes whether {@code --yes} was given */
    public Confirmation(Prompter prompter, boolean yes) {
        this.prompter = prompter;
        this.yes = yes;
    }

    /**
     * Why the command cannot go ahead without a terminal, or empty if it can: call from {@code validate()} and turn a
     * reason into a usage error.
     *
     * @param action what would be done, e.g. "revoke certificates"
     */
    public Optional<String> refusal(String action) {
        if (yes || prompter.interactive()) {
            return Optional.empty();
        }
        return Optional.of("refusing to " + action + " without confirmation: standard input is not a"
                + " terminal, so nobody can answer; add --yes to confirm");
    }

    /**
     * Asks {@code question} unless {@code --yes} was given.
     *
     * @throws CliException (exit 1) if the answer is not yes; {@code nothingDone} tells the user what did not happen
     */
    public void confirm(String question, String nothingDone) throws CliException {
        if (yes) {
            return;
        }
        if (!prompter.interactive() || !prompter.confirm(question)) {
            throw new CliException("not confirmed; " + nothingDone, ExitCodes.FAILURE);
        }
    }
}
