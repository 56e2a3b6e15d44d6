package dev.sigil.acme.validation;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-test TLS server presenting one certificate, optionally speaking ALPN; it records the SNI it was sent. */
final class TlsAlpnServer implements AutoCloseable {

    private final SSLServerSocket server;
    private final List<String> serverNames = new CopyOnWriteArrayList<>();
    private final List<String> offeredProtocols = new CopyOnWriteArrayList<>();
    private final Thread loop;

    private TlsAlpnServer(SSLServerSocket server, List<String> alpn) {
        this.server = server;
        this.loop = Thread.ofPlatform().daemon(true).name("test-tls-alpn").start(() -> serve(alpn));
    }

    /** @param alpn the protocols the server supports (empty: it ignores the client's ALPN extension) */
    static TlsAlpnServer start(InetAddress bind, SSLContext context, List<String> alpn) throws IOException {
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        server.bind(new InetSocketAddress(bind, 0));
        return new TlsAlpnServer(server, alpn);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The SNI host names received, one per handshake. */
    List<String> serverNames() {
        return serverNames;
    }

    /** The ALPN protocols clients offered, joined with ",", one entry per handshake. */
    List<String> offeredProtocols() {
        return offeredProtocols;
    }

    private void serve(List<String> alpn) {
        while (!server.isClosed()) {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setSoTimeout(5000);
                SSLParameters parameters = socket.getSSLParameters();
                if (!alpn.isEmpty()) {
                    parameters.setApplicationProtocols(alpn.toArray(String[]::new));
                }
                socket.setSSLParameters(parameters);
                socket.setHandshakeApplicationProtocolSelector((s, offered) -> {
                    offeredProtocols.add(String.join(",", offered));
                    return alpn.stream().filter(offered::contains).findFirst().orElse(alpn.isEmpty() ? "" : null);
                });
                socket.startHandshake();
                if (socket.getSession() instanceof ExtendedSSLSession session) {
                    for (SNIServerName name : session.getRequestedServerNames()) {
                        if (name instanceof SNIHostName host) {
                            serverNames.add(host.getAsciiName());
                        }
                    }
                }
                socket.getInputStream().read(); // until the client hangs up
            } catch (IOException e) {
                // a client that refused the handshake: nothing to serve
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
