package dev.sigil.acme.port;

import java.util.Objects;

/**
 * The CA's policy refuses one identifier of an order ({@link CertificateAuthorityPort#checkIdentifiers}).
 *
 * @param identifier the identifier as given, e.g. {@code dns:www.example.com}
 * @param reason     why, safe to show the ACME client (e.g. "not within the allowed DNS suffixes")
 */
public record IdentifierRefusal(String identifier, String reason) {
    public IdentifierRefusal {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(reason, "reason");
    }
}
