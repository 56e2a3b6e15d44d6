package dev.sigil.acme.identifier;

import org.bouncycastle.util.IPAddress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IP address literals (RFC 8738): parsed without ever touching DNS, and written in one canonical text form (dotted
 * quad; RFC 5952 for IPv6), so that the same address given two ways is one identifier.
 */
public final class IpAddresses {

    /** Dotted quad, decimal, without leading zeros (which some parsers read as octal). */
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\."
            + "(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpAddresses() {
    }

    /** The address bytes (4 or 16) of a literal, or empty if it is not one. Zone ids ({@code %eth0}) are not. */
    public static Optional<byte[]> parse(String literal) {
        Matcher v4 = IPV4.matcher(literal);
        if (v4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    return Optional.empty();
                }
                bytes[i] = (byte) octet;
            }
            return Optional.of(bytes);
        }
        if (!literal.contains(":") || !IPV6_CHARS.matcher(literal).matches() || !IPAddress.isValidIPv6(literal)) {
            return Optional.empty();
        }
        try {
            // A literal with ':' is parsed, never resolved; IPv4-mapped addresses come back as Inet4Address.
            InetAddress address = InetAddress.getByName(literal);
            return Optional.of(address.getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Canonical text of 4 or 16 address bytes; an IPv4-mapped IPv6 address is written as IPv4. */
    public static String text(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
                    + (address[3] & 0xff);
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes");
        }
        try {
            InetAddress parsed = InetAddress.getByAddress(address);
            if (parsed instanceof Inet4Address v4) {
                return text(v4.getAddress());
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
        return rfc5952(address);
    }

    /** RFC 5952 §4: lower-case hex, no leading zeros, the longest run (first if tied) of 2+ zero groups as "::". */
    private static String rfc5952(byte[] address) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
