package dev.sigil.service.ca.profile;

import dev.sigil.service.ca.x509.IpAddresses;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.certificate.SanType;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which names a profile may certify. A DNS rule is an exact name ({@code localhost}) or a suffix that starts with
 * a dot ({@code .internal} matches {@code a.internal} and {@code b.a.internal}, not {@code internal}). Deny wins.
 */
public record NamePolicy(List<String> allowedDns, List<String> deniedDns, List<IpRange> allowedIps,
                         List<IpRange> deniedIps) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_DNS_LENGTH = 253;

    public NamePolicy {
        allowedDns = allowedDns.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        deniedDns = deniedDns.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        allowedIps = List.copyOf(allowedIps);
        deniedIps = List.copyOf(deniedIps);
    }

    /** The reason {@code san} is refused, or empty if it is allowed. */
    public Optional<String> refusal(San san) {
        return switch (san.type()) {
            case DNS -> dnsRefusal(san.value());
            case IP -> ipRefusal(san.value());
            default -> Optional.of("SAN type " + san.type() + " is not supported");
        };
    }

    private Optional<String> dnsRefusal(String name) {
        String base = name.startsWith("*.") ? name.substring(2) : name;
        if (!isValidDnsName(base)) {
            return Optional.of("'" + name + "' is not a valid DNS name");
        }
        if (matchesAny(name, deniedDns)) {
            return Optional.of("the name " + name + " is denied by the profile");
        }
        if (!matchesAny(name, allowedDns)) {
            return Optional.of("the name " + name + " is outside the names the profile allows " + allowedDns);
        }
        return Optional.empty();
    }

    private Optional<String> ipRefusal(String text) {
        InetAddress ip = IpAddresses.parseLiteral(text);
        if (deniedIps.stream().anyMatch(r -> r.contains(ip))) {
            return Optional.of("the IP address " + text + " is denied by the profile");
        }
        if (allowedIps.stream().noneMatch(r -> r.contains(ip))) {
            return Optional.of("the IP address " + text + " is outside the ranges the profile allows " + allowedIps);
        }
        return Optional.empty();
    }

    private static boolean matchesAny(String name, List<String> rules) {
        for (String rule : rules) {
            if (rule.startsWith(".") ? name.endsWith(rule) && name.length() > rule.length() : name.equals(rule)) {
                return true;
            }
        }
        return false;
    }

    static boolean isValidDnsName(String name) {
        if (name.isEmpty() || name.length() > MAX_DNS_LENGTH) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** True if the text could be a DNS name (for deciding whether a CN names a host). */
    public static boolean looksLikeHostname(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return isValidDnsName(t.startsWith("*.") ? t.substring(2) : t);
    }

    static boolean isIp(San san) {
        return san.type() == SanType.IP;
    }
}
