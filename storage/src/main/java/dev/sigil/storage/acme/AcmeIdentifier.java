package dev.sigil.storage.acme;

import java.util.Objects;

/**
 * An ACME identifier (RFC 8555 §9.7.7, RFC 8738).
 *
 * @param type  {@code dns} or {@code ip}
 * @param value the name (lower-case, a wildcard's {@code *.} kept in orders, stripped in authorizations)
 *              or the IP address in its canonical text form
 */
public record AcmeIdentifier(String type, String value) {
    public AcmeIdentifier {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }
}
