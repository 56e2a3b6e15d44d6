package dev.sigil.cli.doctor;

import dev.sigil.cli.config.ConfigException;
import dev.sigil.cli.config.ConnectionSettings;
import dev.sigil.cli.http.TrustAnchors;
import dev.sigil.cli.time.RelativeTime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The network layers below HTTP, one at a time, so that {@code sigil doctor} can say which one is broken: name
 * resolution, the TCP connection, and the TLS handshake with the configured trust anchors and host name check.
 */
final class Connectivity {

    private static final int DEFAULT_HTTPS_PORT = 443;
    private static final int MAX_CAUSE_DEPTH = 20;

    private final Duration timeout;
    private final Clock clock;

    /** @param timeout for the connection and the handshake */
    Connectivity(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    /** A check and, when it passed, what later checks need. */
    record Step<T>(Check check, Optional<T> result) {
        boolean passed() {
            return check.status() != Check.Status.FAIL;
        }
    }

    static int port(URI server) {
        return server.getPort() < 0 ? DEFAULT_HTTPS_PORT : server.getPort();
    }

    Step<List<InetAddress>> dns(URI server) {
        String host = server.getHost();
        try {
            List<InetAddress> all = List.of(InetAddress.getAllByName(host));
            String addresses = all.stream().map(InetAddress::getHostAddress).distinct()
                    .collect(Collectors.joining(", "));
            String detail = addresses.equals(stripBrackets(host)) ? host + " (an address: nothing to resolve)"
                    : host + " -> " + addresses;
            return new Step<>(Check.ok("DNS", detail), Optional.of(all));
        } catch (UnknownHostException e) {
            return new Step<>(Check.fail("DNS", "cannot resolve " + host + ": check the name in the server URL"
                    + " (sigil config show) and the resolver"), Optional.empty());
        }
    }

    Step<InetAddress> tcp(URI server, List<InetAddress> addresses) {
        int port = port(server);
        List<String> failures = new ArrayList<>();
        for (InetAddress a : addresses) {
            long started = System.nanoTime();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(a, port), (int) timeout.toMillis());
                long ms = (System.nanoTime() - started) / 1_000_000;
                return new Step<>(Check.ok("TCP", "connected to " + a.getHostAddress() + " port " + port + " in "
                        + ms + " ms"), Optional.of(a));
            } catch (IOException e) {
                failures.add(a.getHostAddress() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage()));
            }
        }
        return new Step<>(Check.fail("TCP", "cannot connect to port " + port + " (" + String.join("; ", failures)
                + "): is sigil-server running and listening there? is a firewall in the way?"), Optional.empty());
    }

    /** The handshake, verifying the chain against the settings' CA (or the JDK's) and the host name. */
    Step<X509Certificate> tls(ConnectionSettings settings, InetAddress address) {
        URI server = settings.server();
        String host = server.getHost();
        String trust = settings.caCert().map(p -> p + " (" + settings.caCertSource() + ")")
                .orElse("the JDK's trust store");
        SSLContext context;
        try {
            context = settings.caCert().isPresent() ? TrustAnchors.fromPemFile(settings.caCert().get())
                    : SSLContext.getDefault();
        } catch (ConfigException e) {
            return new Step<>(Check.fail("TLS", e.getMessage()), Optional.empty());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no TLS in this JDK", e);
        }
        int millis = (int) timeout.toMillis();
        try (Socket tcp = new Socket()) {
            tcp.connect(new InetSocketAddress(address, port(server)), millis);
            tcp.setSoTimeout(millis);
            // autoClose: a layered socket that does not own its TCP socket waits for the peer's close_notify.
            try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(tcp, host, port(server), true)) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                if (!host.contains(":") && !host.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
                    p.setServerNames(List.of(new SNIHostName(host)));
                }
                s.setSSLParameters(p);
                s.startHandshake();
                X509Certificate leaf = (X509Certificate) s.getSession().getPeerCertificates()[0];
                return new Step<>(Check.ok("TLS", s.getSession().getProtocol() + ", "
                        + leaf.getSubjectX500Principal().getName() + " valid until "
                        + RelativeTime.dateWithRelative(leaf.getNotAfter().toInstant(), clock.instant())
                        + ", trusted through " + trust), Optional.of(leaf));
            }
        } catch (IOException e) {
            return new Step<>(Check.fail("TLS", tlsProblem(e, host, trust) + "; fix: get the root's SHA-256"
                    + " fingerprint from the CA's operator (sigil-server prints it at start) and run 'sigil login"
                    + " --server " + server + " --ca-fingerprint SHA256:...'"), Optional.empty());
        }
    }

    private static String tlsProblem(IOException e, String host, String trust) {
        if (has(e, CertPathBuilderException.class) || has(e, CertPathValidatorException.class)) {
            return "the server's certificate is not trusted by " + trust;
        }
        CertificateException c = find(e, CertificateException.class);
        if (c != null && String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT).contains("match")) {
            return "the server's certificate does not name " + host + " (" + c.getMessage() + ")";
        }
        return "handshake failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        return find(t, type) != null;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        Throwable c = t;
        for (int i = 0; i < MAX_CAUSE_DEPTH && c != null; i++) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            c = c.getCause();
        }
        return null;
    }
}
