package dev.sigil.service.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy that tests put between a client and a server (e.g. Sigil and MariaDB) to make the server go
 * away without stopping it: {@link #cut()} closes every open connection and closes each new one as soon as it is
 * accepted (the client sees its connection die, as when the server or the network fails), {@link #restore()}
 * forwards again. {@link #cutAfterUpstream} cuts in the middle of a write, once so many more bytes went to the
 * server. Each connection is two virtual threads copying bytes; {@link #close()} ends them all.
 */
public final class TcpProxy implements AutoCloseable {

    /** How long connecting to the target may take before the client's connection is dropped. */
    static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    /** Bytes copied per read; small enough that a byte-count trip lands within a few KiB of its mark. */
    static final int BUFFER_BYTES = 8 * 1024;

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong upstream = new AtomicLong();
    /** Total upstream bytes at which the proxy cuts itself; Long.MAX_VALUE when not armed. */
    private final AtomicLong tripAt = new AtomicLong(Long.MAX_VALUE);
    private volatile boolean cut;
    private volatile boolean closed;
    private volatile boolean tripped;

    private TcpProxy(String targetHost, int targetPort, ServerSocket listener) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = listener;
    }

    /** Listens on a free loopback port and forwards each connection to {@code targetHost:targetPort}. */
    public static TcpProxy start(String targetHost, int targetPort) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TcpProxy proxy = new TcpProxy(targetHost, targetPort, listener);
        Thread.ofVirtual().name("tcp-proxy-accept-" + listener.getLocalPort()).start(proxy::accept);
        return proxy;
    }

    /** The loopback port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Closes every open connection and, until {@link #restore()}, every new one as soon as it is accepted. */
    public void cut() {
        cut = true;
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    /** Forwards new connections again (connections cut stay dead; the client must reconnect). */
    public void restore() {
        tripAt.set(Long.MAX_VALUE);
        cut = false;
    }

    /**
     * Arms a trip: once {@code bytes} more bytes (counted from now, over all connections) have gone to the server,
     * the proxy {@link #cut() cuts}, without forwarding the read that crossed the mark.
     */
    public void cutAfterUpstream(long bytes) {
        tripped = false;
        tripAt.set(upstream.get() + bytes);
    }

    /** True if an armed {@link #cutAfterUpstream} trip has fired. */
    public boolean tripped() {
        return tripped;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut || closed) {
                closeQuietly(client);
                continue;
            }
            Thread.ofVirtual().name("tcp-proxy-conn").start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket server = new Socket();
        open.add(client);
        open.add(server);
        try {
            server.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MILLIS);
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
        } catch (IOException e) {
            drop(client, server);
            return;
        }
        if (cut) { // cut while connecting: the sockets were not yet known to cut()
            drop(client, server);
            return;
        }
        Thread.ofVirtual().name("tcp-proxy-up").start(() -> pump(client, server, true));
        Thread.ofVirtual().name("tcp-proxy-down").start(() -> pump(server, client, false));
    }

    private void pump(Socket from, Socket to, boolean toServer) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (cut) {
                    break;
                }
                if (toServer) {
                    long total = upstream.addAndGet(n);
                    if (total >= tripAt.get()) {
                        tripped = true;
                        cut();
                        break;
                    }
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed or was cut: drop both below
        } finally {
            drop(from, to);
        }
    }

    private void drop(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        open.remove(a);
        open.remove(b);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        closed = true;
        cut();
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
