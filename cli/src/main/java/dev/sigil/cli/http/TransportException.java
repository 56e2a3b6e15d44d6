package dev.sigil.cli.http;

/**
 * The request never got an HTTP answer: connection refused, timeout, TLS failure. The message is one line naming the
 * cause in the user's terms, e.g. {@code TLS: server certificate not trusted by --ca-cert (root.pem)}.
 */
public final class TransportException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message one line for the user; {@code cause} is shown only with {@code --debug} */
    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
