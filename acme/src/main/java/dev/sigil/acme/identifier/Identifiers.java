package dev.sigil.acme.identifier;

import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.storage.acme.AcmeIdentifier;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * ACME identifiers (RFC 8555 §9.7.7, RFC 8738): syntax checks and the canonical form orders, authorizations, CSR
 * checks and revocation all compare with. DNS names are lower-case LDH names without a trailing dot, a wildcard
 * only as a whole leftmost {@code *.} label; IP addresses are literals in canonical text. Which names a directory
 * may issue for is the CA's policy (the port), not this class's.
 */
public final class Identifiers {

    public static final String DNS = "dns";
    public static final String IP = "ip";
    public static final String WILDCARD_PREFIX = "*.";
    /** RFC 1035 §2.3.4. */
    public static final int MAX_NAME_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Identifiers() {
    }

    /**
     * The canonical identifier for a client's {type, value}.
     *
     * @throws AcmeProblem unsupportedIdentifier for types other than dns and ip, rejectedIdentifier for bad syntax
     */
    public static AcmeIdentifier canonical(String type, String value) {
        return switch (type) {
            case DNS -> new AcmeIdentifier(DNS, dnsName(value));
            case IP -> new AcmeIdentifier(IP, IpAddresses.parse(value).map(IpAddresses::text).orElseThrow(() ->
                    rejected("\"" + echo(value) + "\" is not an IP address literal")));
            default -> throw new AcmeProblem(ProblemType.UNSUPPORTED_IDENTIFIER, "identifier type \"" + echo(type)
                    + "\" is not supported; use dns or ip");
        };
    }

    /** A DNS name, possibly a wildcard, in canonical (lower-case) form. */
    public static String dnsName(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7e || value.charAt(i) < 0x21) {
                throw rejected("DNS names must be ASCII (IDNA A-labels, xn--...) without spaces");
            }
        }
        String name = value.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            throw rejected("\"" + echo(value) + "\": DNS names must not end with a dot");
        }
        String base = name.startsWith(WILDCARD_PREFIX) ? name.substring(WILDCARD_PREFIX.length()) : name;
        if (base.contains("*")) {
            throw rejected("\"" + echo(value) + "\": a wildcard may only be the whole leftmost label (*.)");
        }
        if (base.isEmpty() || base.length() > MAX_NAME_LENGTH) {
            throw rejected("\"" + echo(value) + "\": DNS names have 1 to " + MAX_NAME_LENGTH + " characters");
        }
        String[] labels = base.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw rejected("\"" + echo(value) + "\" is not a valid DNS name (letters, digits and hyphens, "
                        + "labels of 1 to 63 characters)");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw rejected("\"" + echo(value) + "\" looks like an IP address; use identifier type ip");
        }
        return name;
    }

    public static boolean isWildcard(AcmeIdentifier identifier) {
        return identifier.type().equals(DNS) && identifier.value().startsWith(WILDCARD_PREFIX);
    }

    /** The identifier an authorization is for: a wildcard's base name, otherwise itself. */
    public static AcmeIdentifier authorizationIdentifier(AcmeIdentifier identifier) {
        return isWildcard(identifier)
                ? new AcmeIdentifier(DNS, identifier.value().substring(WILDCARD_PREFIX.length())) : identifier;
    }

    /** As the CA port writes identifiers: {@code dns:name}, {@code ip:address}. */
    public static String portForm(AcmeIdentifier identifier) {
        return identifier.type() + ":" + identifier.value();
    }

    /** A client string made safe and short enough to quote in a problem detail. */
    public static String echo(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '"' ? c : '?');
        }
        return s.length() > 64 ? out + "..." : out.toString();
    }

    private static AcmeProblem rejected(String detail) {
        return new AcmeProblem(ProblemType.REJECTED_IDENTIFIER, detail);
    }
}
