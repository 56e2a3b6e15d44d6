package dev.sigil.cli.http;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** Turns the JDK's transport exceptions into one line that names the cause in the user's terms. */
final class TransportErrors {

    /** Guards against cyclic cause chains. */
    private static final int MAX_CAUSE_DEPTH = 20;

    private final URI server;
    private final String trustDescription;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    /**
     * @param trustDescription what the trust anchors are, e.g. {@code --ca-cert (/x/root.pem)}; empty when the JDK
     *                         default trust store is used
     */
    TransportErrors(URI server, String trustDescription, Duration connectTimeout, Duration requestTimeout) {
        this.server = server;
        this.trustDescription = trustDescription;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    TransportException describe(Exception e) {
        return new TransportException(message(e), e);
    }

    private String message(Exception e) {
        String host = server.getHost();
        if (has(e, HttpConnectTimeoutException.class)) {
            return "cannot connect to " + server + ": no answer within " + connectTimeout.toSeconds() + "s";
        }
        if (has(e, HttpTimeoutException.class)) {
            return "no answer from " + server + " within " + requestTimeout.toSeconds() + "s";
        }
        if (has(e, CertPathBuilderException.class) || has(e, CertPathValidatorException.class)) {
            return trustDescription.isEmpty()
                    ? "TLS: server certificate not trusted by the JDK's default trust store;"
                    + " pass --ca-cert FILE with the Sigil root CA (e.g. data/ca/root.pem)"
                    : "TLS: server certificate not trusted by " + trustDescription;
        }
        CertificateException certProblem = find(e, CertificateException.class);
        if (certProblem != null && String.valueOf(certProblem.getMessage()).toLowerCase(Locale.ROOT)
                .contains("match")) {
            return "TLS: server certificate does not match host " + host + " (" + certProblem.getMessage() + ")";
        }
        SSLException tls = find(e, SSLHandshakeException.class);
        if (tls == null) {
            tls = find(e, SSLException.class);
        }
        if (tls != null) {
            return "TLS: handshake with " + server + " failed: " + tls.getMessage();
        }
        if (has(e, UnknownHostException.class) || has(e, UnresolvedAddressException.class)) {
            return "cannot connect to " + server + ": unknown host " + host;
        }
        if (has(e, ConnectException.class) || has(e, NoRouteToHostException.class)) {
            return "cannot connect to " + server + ": connection refused (is sigil-server running?)";
        }
        Throwable root = e;
        for (int i = 0; i < MAX_CAUSE_DEPTH && root.getCause() != null; i++) {
            root = root.getCause();
        }
        String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return "request to " + server + " failed: " + why;
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
