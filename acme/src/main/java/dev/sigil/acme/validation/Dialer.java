package dev.sigil.acme.validation;

import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Opens the TCP connections and TLS sessions validation needs, to an address chosen here rather than by the JDK's
 * resolver, so the configured DNS server decides where validation goes.
 *
 * <p>Like Boulder: the first IPv6 address is tried first and the first IPv4 address is the fallback when the IPv6
 * dial fails (only the dial: a peer that answers wrongly over IPv6 gets no second chance over IPv4).
 */
final class Dialer {

    static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final String RECEIVED_ALERT = "Received fatal alert: ";

    private Dialer() {
    }

    /** A connected socket and where it goes. */
    record Connection(Socket socket, InetSocketAddress remote) {
    }

    /** Connects to the first address that answers; failure is a {@code connection} problem naming the address. */
    static Connection connect(String context, List<InetAddress> addresses, int port, Deadline deadline) {
        List<InetAddress> order = preferenceOrder(addresses);
        AcmeProblem last = null;
        for (int i = 0; i < order.size(); i++) {
            InetSocketAddress remote = new InetSocketAddress(order.get(i), port);
            boolean fallbackLeft = i + 1 < order.size();
            // With a fallback left, a black-holed IPv6 address may eat only half of what remains.
            Duration limit = fallbackLeft ? deadline.remaining().dividedBy(2) : deadline.remaining();
            Socket socket = new Socket();
            try {
                if (limit.isZero()) {
                    throw new SocketTimeoutException("deadline reached");
                }
                socket.connect(remote, (int) Math.max(1, Math.min(Integer.MAX_VALUE, limit.toMillis())));
                return new Connection(socket, remote);
            } catch (IOException e) {
                closeQuietly(socket);
                last = connectionProblem(context, connectFailure(e, deadline), remote);
            }
        }
        if (last == null) {
            throw new AcmeProblem(ProblemType.CONNECTION, context + ": no address to connect to");
        }
        throw last;
    }

    /**
     * Starts TLS 1.2+ over a connected socket without judging the peer's certificate (an ACME client has none
     * worth judging yet; tls-alpn-01 inspects it afterwards). A fresh context per connection: no session is ever
     * resumed, so the certificate examined is always the one presented now.
     */
    static SSLSocket startTls(Connection connection, Optional<String> serverName, List<String> applicationProtocols,
                              Deadline deadline) throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new AcceptAnyCertificate()}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS client", e);
        }
        InetSocketAddress remote = connection.remote();
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(connection.socket(),
                Hosts.text(remote.getAddress()), remote.getPort(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setProtocols(TLS_PROTOCOLS.toArray(String[]::new));
        List<SNIServerName> names = new ArrayList<>();
        serverName.ifPresent(n -> names.add(new SNIHostName(n)));
        parameters.setServerNames(names);
        parameters.setApplicationProtocols(applicationProtocols.toArray(String[]::new));
        parameters.setEndpointIdentificationAlgorithm(null);
        tls.setSSLParameters(parameters);
        tls.setSoTimeout(deadline.socketTimeoutMillis());
        tls.startHandshake();
        return tls;
    }

    static AcmeProblem connectionProblem(String context, String reason, InetSocketAddress remote) {
        return new AcmeProblem(ProblemType.CONNECTION, context + ": " + reason + " (" + Hosts.text(remote) + ")");
    }

    static AcmeProblem tlsProblem(String context, SSLException e, InetSocketAddress remote) {
        return new AcmeProblem(ProblemType.TLS, context + ": TLS error: " + tlsReason(e) + " (" + Hosts.text(remote)
                + ")");
    }

    /** Why a read or write failed, in words a client can act on. */
    static String ioFailure(IOException e, Deadline deadline) {
        if (e instanceof SocketTimeoutException) {
            return "timed out after " + Deadline.describe(deadline.budget()) + " waiting for the response";
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("reset")) {
            return "connection reset by peer";
        }
        if (message.contains("closed") || message.contains("broken pipe")) {
            return "connection closed by peer";
        }
        return "I/O error";
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
    }

    private static String connectFailure(IOException e, Deadline deadline) {
        if (e instanceof SocketTimeoutException) {
            return deadline.expired() ? "timed out after " + Deadline.describe(deadline.budget()) + " connecting"
                    : "timed out connecting";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        return "cannot connect";
    }

    private static String tlsReason(SSLException e) {
        String message = String.valueOf(e.getMessage());
        // JSSE reports the peer's alert as "(alert) Received fatal alert: alert"; other texts are JDK internals
        int alert = message.indexOf(RECEIVED_ALERT);
        if (alert >= 0) {
            return "the server sent the alert " + Excerpts.printable(message.substring(alert + RECEIVED_ALERT.length()),
                    40);
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return "timed out during the handshake";
            }
            if (cause instanceof CertificateException) {
                // e.g. an empty issuer, which RFC 5280 §4.1.2.4 forbids and the JDK's X.509 parser refuses
                return "the certificate presented is not valid X.509 (" + Excerpts.printable(
                        String.valueOf(cause.getMessage()), 80) + ")";
            }
        }
        return "handshake failed";
    }

    private static List<InetAddress> preferenceOrder(List<InetAddress> addresses) {
        List<InetAddress> order = new ArrayList<>(2);
        addresses.stream().filter(a -> a instanceof Inet6Address).findFirst().ifPresent(order::add);
        addresses.stream().filter(a -> !(a instanceof Inet6Address)).findFirst().ifPresent(order::add);
        return order;
    }

    /** Scoped to validation's own sockets: the peers are ACME clients proving control, not servers we trust. */
    private static final class AcceptAnyCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("validation never accepts clients");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // accepted: see the class comment
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("validation never accepts clients");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // accepted: see the class comment
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("validation never accepts clients");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // accepted: see the class comment
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
