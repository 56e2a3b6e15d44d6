package dev.sigil.acme.validation;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where validation dials and how long it may take. The defaults follow the RFCs: the system resolver, port 80 for
 * http-01 (RFC 8555 §8.3) and 443 for tls-alpn-01 (RFC 8737 §3). Tests and lab setups point these at loopback.
 *
 * @param dnsResolver   a DNS server (host:port) to ask instead of the system resolver
 * @param httpPort      the port http-01 dials; also where redirects to {@code http://host} (port 80) go
 * @param tlsAlpnPort   the port tls-alpn-01 dials; also where redirects to {@code https://host} (port 443) go
 * @param timeout       the time limit of one whole validation attempt (DNS, connections, redirects)
 * @param maxConcurrent how many validations may run at once; further ones wait their turn
 */
public record ValidationSettings(Optional<InetSocketAddress> dnsResolver, int httpPort, int tlsAlpnPort,
                                 Duration timeout, int maxConcurrent) {

    public static final int DEFAULT_HTTP_PORT = 80;
    public static final int DEFAULT_TLS_ALPN_PORT = 443;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_CONCURRENT = 16;

    public ValidationSettings {
        Objects.requireNonNull(dnsResolver, "dnsResolver");
        Objects.requireNonNull(timeout, "timeout");
        requirePort(httpPort, "httpPort");
        requirePort(tlsAlpnPort, "tlsAlpnPort");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1, not " + maxConcurrent);
        }
        dnsResolver.ifPresent(r -> {
            if (r.getPort() == 0) {
                throw new IllegalArgumentException("dnsResolver needs a port: " + r);
            }
        });
    }

    public static ValidationSettings defaults() {
        return new ValidationSettings(Optional.empty(), DEFAULT_HTTP_PORT, DEFAULT_TLS_ALPN_PORT, DEFAULT_TIMEOUT,
                DEFAULT_MAX_CONCURRENT);
    }

    public ValidationSettings withDnsResolver(InetSocketAddress resolver) {
        return new ValidationSettings(Optional.of(resolver), httpPort, tlsAlpnPort, timeout, maxConcurrent);
    }

    public ValidationSettings withPorts(int http, int tlsAlpn) {
        return new ValidationSettings(dnsResolver, http, tlsAlpn, timeout, maxConcurrent);
    }

    public ValidationSettings withTimeout(Duration limit) {
        return new ValidationSettings(dnsResolver, httpPort, tlsAlpnPort, limit, maxConcurrent);
    }

    public ValidationSettings withMaxConcurrent(int limit) {
        return new ValidationSettings(dnsResolver, httpPort, tlsAlpnPort, timeout, limit);
    }

    private static void requirePort(int port, String name) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be within 1..65535, not " + port);
        }
    }
}
