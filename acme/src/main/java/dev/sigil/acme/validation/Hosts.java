package dev.sigil.acme.validation;

import org.xbill.DNS.Address;
import org.xbill.DNS.ReverseMap;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Host names and IP literals as validation meets them: in identifiers, in redirect targets and in problem details.
 * IP literals are parsed without ever asking DNS ({@link InetAddress#getByName} would).
 */
final class Hosts {

    /** RFC 1123 labels; underscores allowed because private zones use them; at most 253 characters in all. */
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*");
    private static final Pattern DOTTED_QUAD = Pattern.compile("[0-9]{1,3}(?:\\.[0-9]{1,3}){3}");

    private Hosts() {
    }

    /** The name in lower case if it is a syntactically valid DNS name (no trailing dot, no wildcard). */
    static Optional<String> dnsName(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return DNS_NAME.matcher(lower).matches() ? Optional.of(lower) : Optional.empty();
    }

    /** An IPv4 dotted quad or an IPv6 literal (no brackets, no zone), parsed without DNS. */
    static Optional<InetAddress> ipLiteral(String value) {
        byte[] bytes = null;
        if (DOTTED_QUAD.matcher(value).matches()) {
            bytes = Address.toByteArray(value, Address.IPv4);
        } else if (value.indexOf(':') >= 0 && value.indexOf('%') < 0) {
            bytes = Address.toByteArray(value, Address.IPv6);
        }
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException impossible) {
            return Optional.empty();
        }
    }

    /** The address as RFC 5952 text: 127.0.0.1, ::1, 2001:db8::1. */
    static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** How the host appears in a URL or Host header: IPv6 in brackets. */
    static String urlHost(InetAddress address) {
        return address instanceof Inet6Address ? "[" + text(address) + "]" : text(address);
    }

    /** "127.0.0.1:5002", "[::1]:5002": the address a problem detail says was dialed. */
    static String text(InetSocketAddress address) {
        return urlHost(address.getAddress()) + ":" + address.getPort();
    }

    /** RFC 8738 §6: the reverse-mapping name used as SNI for ip identifiers, without the trailing dot. */
    static String reverseName(InetAddress address) {
        String name = ReverseMap.fromAddress(address).toString();
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
