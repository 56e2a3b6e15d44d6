package dev.sigil.acme.http;

/**
 * Something the front end depends on (the CA, the database) is unavailable: the edge answers 503 serverInternal
 * with Retry-After. The message is safe to show the client.
 */
public final class ServiceUnavailable extends RuntimeException {

    public ServiceUnavailable(String message) {
        super(message, null, false, false);
    }
}
