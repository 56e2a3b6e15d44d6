package dev.sigil.cli.command;

/** A failure with a message for the user and the exit code it means. */
public final class CliException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /** @param message one sentence for the user, without the {@code error: } prefix */
    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** As above, keeping the cause for {@code --debug}. */
    public CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
