package dev.sigil.acme.order;

import dev.sigil.acme.identifier.Identifiers;
import dev.sigil.storage.acme.AcmeIdentifier;

import java.util.List;
import java.util.Set;

/**
 * Which challenges can prove control of which identifier: wildcards only dns-01 (RFC 8555 §7.1.3), IP addresses
 * http-01 and tls-alpn-01 (RFC 8738 §7, RFC 8737), DNS names all three; narrowed to what the directory offers.
 */
final class ChallengeTypes {

    static final String HTTP_01 = "http-01";
    static final String DNS_01 = "dns-01";
    static final String TLS_ALPN_01 = "tls-alpn-01";

    private ChallengeTypes() {
    }

    /** @param identifier an order identifier (a wildcard with its "*.") */
    static List<String> offered(AcmeIdentifier identifier, Set<String> directoryTypes) {
        List<String> candidates;
        if (Identifiers.isWildcard(identifier)) {
            candidates = List.of(DNS_01);
        } else if (identifier.type().equals(Identifiers.IP)) {
            candidates = List.of(HTTP_01, TLS_ALPN_01);
        } else {
            candidates = List.of(HTTP_01, DNS_01, TLS_ALPN_01);
        }
        return candidates.stream().filter(directoryTypes::contains).toList();
    }
}
