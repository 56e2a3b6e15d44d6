package dev.sigil.cli.config;

/** The connection settings are missing or unusable; the message tells the user what to fix. */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message a complete sentence for the user, possibly several lines */
    public ConfigException(String message) {
        super(message);
    }

    /** @param message a complete sentence for the user; {@code cause} is shown only with {@code --debug} */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
