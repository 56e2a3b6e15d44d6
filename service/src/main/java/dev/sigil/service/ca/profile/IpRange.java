package dev.sigil.service.ca.profile;

import dev.sigil.service.ca.x509.IpAddresses;

import java.net.InetAddress;

/**
 * A CIDR range. Hand-written because the JDK has none and the libraries we carry only offer IPv4 (commons-net)
 * or are far too big to pull in for one comparison.
 *
 * @param network the network address bytes (4 or 16)
 * @param prefix  prefix length
 * @param text    the range as configured
 */
public record IpRange(byte[] network, int prefix, String text) {

    public IpRange {
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("bad prefix length in " + text);
        }
    }

    public static IpRange parse(String cidr) {
        String t = cidr.trim();
        int slash = t.indexOf('/');
        InetAddress addr = IpAddresses.parseLiteral(slash < 0 ? t : t.substring(0, slash));
        int bits = addr.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad CIDR range: " + cidr);
        }
        return new IpRange(addr.getAddress(), prefix, t);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        return text;
    }
}
