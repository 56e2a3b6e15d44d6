package dev.sigil.cli.login;

import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Finds the certificate with a pinned fingerprint among what the server publishes, so that {@code sigil login} can
 * trust a private root without the operator copying a file: first the chain the server sends in its TLS handshake,
 * then the issuer certificates its AIA caIssuers URLs point to (Sigil sends its certificate and the intermediate; the
 * intermediate points to the root on the plain-HTTP listener). Nothing here is trusted yet: the handshake accepts any
 * chain and sends no data, the fetched certificates are only compared with the pin, and the caller then connects
 * again with the pinned certificate as the only trust anchor, which checks the chain and the host name properly.
 */
final class RootFinder {

    /** How many issuer certificates are fetched, at most, above the chain the server sends. */
    static final int MAX_AIA_HOPS = 3;
    /** A CA certificate is a few KiB. */
    static final int MAX_CERT_BYTES = 64 * 1024;
    private static final int DEFAULT_HTTPS_PORT = 443;

    private final Duration timeout;

    /** @param timeout for the TCP connection, the handshake and each certificate download */
    RootFinder(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * The pinned certificate and how it was found.
     *
     * @param certificate the certificate whose fingerprint is the pin
     * @param via         where it came from: {@code the server's TLS chain} or the URL it was downloaded from
     */
    record Found(X509Certificate certificate, String via) {
    }

    /** @throws CliException (exit 1) when the server cannot be reached or nothing it publishes has the fingerprint */
    Found find(URI server, Fingerprint pin) throws CliException {
        List<X509Certificate> chain = presentedChain(server);
        List<String> seen = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (pin.matches(c)) {
                return new Found(c, "the server's TLS chain");
            }
            seen.add(describe(c));
        }
        X509Certificate top = chain.get(chain.size() - 1);
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build()) {
            for (int hop = 0; hop < MAX_AIA_HOPS && !selfIssued(top); hop++) {
                Optional<Download> next = issuerOf(top, http);
                if (next.isEmpty()) {
                    break;
                }
                X509Certificate c = next.get().certificate();
                if (pin.matches(c)) {
                    return new Found(c, next.get().url().toString());
                }
                seen.add(describe(c) + " from " + next.get().url());
                top = c;
            }
        }
        throw new CliException("no certificate with SHA-256 fingerprint " + pin + " found at " + server
                + "; it presented: " + String.join("; ", seen) + ". Check the fingerprint (sigil-server prints the"
                + " root's at start) and that --server names the right server; if the caIssuers URL (the server's"
                + " sigil.server.public-url) cannot be reached from here, give the root with --ca-cert FILE",
                ExitCodes.FAILURE);
    }

    private record Download(X509Certificate certificate, URI url) {
    }

    private Optional<Download> issuerOf(X509Certificate cert, HttpClient http) {
        for (URI url : AuthorityInfoAccess.caIssuers(cert)) {
            String scheme = String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                continue;
            }
            try {
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                byte[] bytes;
                try (InputStream in = r.body()) {
                    bytes = in.readNBytes(MAX_CERT_BYTES + 1);
                }
                if (r.statusCode() != 200 || bytes.length > MAX_CERT_BYTES) {
                    continue;
                }
                for (Certificate c : CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(bytes))) {
                    return Optional.of(new Download((X509Certificate) c, url));
                }
            } catch (IOException | GeneralSecurityException e) {
                // unreachable or not a certificate: try the next URL
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The certificates the server sends in its handshake, leaf first. */
    private List<X509Certificate> presentedChain(URI server) throws CliException {
        String host = server.getHost();
        int port = server.getPort() < 0 ? DEFAULT_HTTPS_PORT : server.getPort();
        int millis = (int) timeout.toMillis();
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new AcceptAll()}, null);
            try (Socket tcp = new Socket()) {
                tcp.connect(new InetSocketAddress(host, port), millis);
                tcp.setSoTimeout(millis);
                // autoClose: a layered socket that does not own its TCP socket waits for the peer's close_notify.
                try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(tcp, host, port, true)) {
                    if (!isIpLiteral(host)) {
                        SSLParameters p = s.getSSLParameters();
                        p.setServerNames(List.of(new SNIHostName(host)));
                        s.setSSLParameters(p);
                    }
                    s.startHandshake();
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : s.getSession().getPeerCertificates()) {
                        chain.add((X509Certificate) c);
                    }
                    if (chain.isEmpty()) {
                        throw new CliException("the server at " + server + " sent no certificate", ExitCodes.FAILURE);
                    }
                    return chain;
                }
            }
        } catch (IOException e) {
            throw new CliException("cannot fetch the certificate chain of " + server + ": " + e.getMessage(),
                    ExitCodes.FAILURE, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK", e);
        }
    }

    static boolean isIpLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static boolean selfIssued(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    private static String describe(X509Certificate c) {
        return c.getSubjectX500Principal().getName() + " (" + Fingerprint.of(c) + ")";
    }

    /** Accepts any chain: only for reading the chain, never for sending anything. */
    private static final class AcceptAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
