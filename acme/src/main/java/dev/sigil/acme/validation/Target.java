package dev.sigil.acme.validation;

import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.storage.acme.AcmeIdentifier;

import java.net.InetAddress;
import java.util.Optional;

/**
 * The identifier a validation proves control of, checked once before any packet leaves: a DNS name in lower case
 * (never a wildcard) or an IP address. Everything later builds URLs, Host headers and SNI from this, so nothing a
 * client typed reaches a socket unchecked.
 *
 * @param value the name, or the IP address as RFC 5952 text
 * @param ip    the address, for ip identifiers
 */
record Target(String value, Optional<InetAddress> ip) {

    static final String DNS = "dns";
    static final String IP = "ip";

    /**
     * Checks the identifier; a malformed value, or a wildcard anywhere but dns-01 (whose authorizations normally
     * carry the base name already), is refused with {@code malformed}.
     */
    static Target of(String challengeType, AcmeIdentifier identifier) {
        switch (identifier.type()) {
            case DNS -> {
                String value = identifier.value();
                if (value.startsWith("*.") && challengeType.equals(Dns01Validator.TYPE)) {
                    // RFC 8555 §8.4: a wildcard's TXT record lives at the base name's _acme-challenge
                    value = value.substring(2);
                } else if (value.startsWith("*.")) {
                    throw AcmeProblem.malformed(challengeType + ": a wildcard identifier cannot be validated with "
                            + challengeType + " (only dns-01 can prove control of a wildcard)");
                }
                String name = Hosts.dnsName(value).orElseThrow(() -> AcmeProblem.malformed(
                        challengeType + ": the identifier is not a valid DNS name"));
                return new Target(name, Optional.empty());
            }
            case IP -> {
                InetAddress address = Hosts.ipLiteral(identifier.value()).orElseThrow(() -> AcmeProblem.malformed(
                        challengeType + ": the identifier is not a valid IP address"));
                return new Target(Hosts.text(address), Optional.of(address));
            }
            default -> throw AcmeProblem.malformed(challengeType + ": identifier type \"" + Excerpts.printable(
                    identifier.type(), 20) + "\" cannot be validated");
        }
    }

    boolean isIp() {
        return ip.isPresent();
    }

    /** The host part of a URL and the Host header: the name, or the address (IPv6 in brackets). */
    String urlHost() {
        return ip.map(Hosts::urlHost).orElse(value);
    }
}
