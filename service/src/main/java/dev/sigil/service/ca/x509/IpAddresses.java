package dev.sigil.service.ca.x509;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Canonical text for IP addresses (RFC 5952 for IPv6: lower case, longest zero run as "::"), so that an IP SAN
 * is stored and searched in one form. The JDK prints IPv6 uncompressed and no library on our classpath does
 * RFC 5952, hence these few lines.
 */
public final class IpAddresses {

    private IpAddresses() {
    }

    public static String canonical(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] == 0) {
                int j = i;
                while (j < 8 && groups[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /** Parses a literal IPv4/IPv6 address (never a host name: no DNS lookup happens). */
    public static InetAddress parseLiteral(String text) {
        String t = text.trim();
        boolean looksV4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean looksV6 = t.contains(":") && t.matches("[0-9a-fA-F:.]+");
        if (!looksV4 && !looksV6) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
    }

    public static boolean isLiteral(String text) {
        try {
            parseLiteral(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
