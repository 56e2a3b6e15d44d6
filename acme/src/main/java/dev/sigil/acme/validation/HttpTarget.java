package dev.sigil.acme.validation;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * One URL http-01 fetches: the first, built from the identifier, or one a redirect pointed to, checked against
 * RFC 8555 §8.3 and Boulder's rules (http or https only; ports 80 and 443 only, i.e. the configured
 * {@code httpPort} and {@code tlsAlpnPort}; IP literals only when an IP identifier is being validated).
 *
 * @param url           the URL as the client sees it (port 80/443 implied), for details and loop detection
 * @param https         whether TLS is spoken
 * @param host          the host name (lower case) or the address as text
 * @param ip            the address when the host is an IP literal
 * @param dialPort      where the connection actually goes
 * @param requestTarget path and query, ASCII
 * @param hostHeader    the Host header: the host (IPv6 in brackets), with the port only if the URL names one
 */
record HttpTarget(String url, boolean https, String host, Optional<InetAddress> ip, int dialPort,
                  String requestTarget, String hostHeader) {

    static final int MAX_REQUEST_TARGET_LENGTH = 2000;

    /** A redirect target validation refuses to follow; the reason is fit for a problem detail. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    static HttpTarget initial(Target target, String token, int httpPort) {
        String path = "/.well-known/acme-challenge/" + token;
        String host = target.urlHost();
        return new HttpTarget("http://" + host + path, false, target.value(), target.ip(), httpPort, path, host);
    }

    /** Where a Location header leads, resolved against this URL; throws if validation must not go there. */
    HttpTarget redirect(String location, int httpPort, int httpsPort, boolean ipLiteralsAllowed) throws Refused {
        URI next;
        try {
            next = new URI(url).resolve(new URI(location.trim()));
            next = new URI(next.toASCIIString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new Refused("redirect to an invalid URL " + Excerpts.quoted(location));
        }
        String scheme = String.valueOf(next.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("redirect to " + Excerpts.quoted(location)
                    + " is not allowed: only the http and https schemes are");
        }
        String authority = next.getRawAuthority();
        if (authority == null || next.isOpaque()) {
            throw new Refused("redirect to " + Excerpts.quoted(location) + " has no host");
        }
        authority = authority.substring(authority.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        String hostText;
        int port = -1;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new Refused("redirect to an invalid URL " + Excerpts.quoted(location));
            }
            hostText = authority.substring(1, close);
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new Refused("redirect to an invalid URL " + Excerpts.quoted(location));
                }
                portText = rest.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            hostText = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (portText != null && !portText.isEmpty()) {
            if (!portText.matches("[0-9]{1,5}")) {
                throw new Refused("redirect to an invalid URL " + Excerpts.quoted(location));
            }
            port = Integer.parseInt(portText);
            if (port != httpPort && port != httpsPort) {
                throw new Refused("redirect to port " + port + " is not allowed: only ports " + httpPort + " and "
                        + httpsPort + " are");
            }
        }
        Optional<InetAddress> ip = Hosts.ipLiteral(hostText);
        String host;
        if (ip.isPresent()) {
            if (!ipLiteralsAllowed) {
                throw new Refused("redirect to the IP address " + Excerpts.quoted(hostText)
                        + " is not allowed: only host names are, when validating a DNS identifier");
            }
            host = Hosts.text(ip.get());
        } else {
            if (hostText.endsWith(".well-known")) {
                throw new Refused("redirect to the host " + Excerpts.quoted(hostText)
                        + " is not allowed: check the web server's configuration for a missing '/' in the redirect");
            }
            host = Hosts.dnsName(hostText).orElseThrow(() -> new Refused("redirect to the invalid host name "
                    + Excerpts.quoted(hostText)));
        }
        String path = next.getRawPath() == null || next.getRawPath().isEmpty() ? "/" : next.getRawPath();
        String requestTarget = next.getRawQuery() == null ? path : path + "?" + next.getRawQuery();
        if (requestTarget.length() > MAX_REQUEST_TARGET_LENGTH) {
            throw new Refused("redirect target is longer than " + MAX_REQUEST_TARGET_LENGTH + " characters");
        }
        if (!requestTarget.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new Refused("redirect to an invalid URL " + Excerpts.quoted(location));
        }
        boolean https = scheme.equals("https");
        String urlHost = ip.map(Hosts::urlHost).orElse(host);
        String hostHeader = port == -1 ? urlHost : urlHost + ":" + port;
        int dialPort = port != -1 ? port : https ? httpsPort : httpPort;
        return new HttpTarget(scheme + "://" + hostHeader + requestTarget, https, host, ip, dialPort, requestTarget,
                hostHeader);
    }
}
