package dev.sigil.service.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The smallest load balancer: a loopback TCP proxy that hands each new connection to the next of several backends
 * (e.g. the HTTPS ports of Sigil nodes), round robin, without looking inside (TLS passes through). A backend taken
 * {@link #down(int) down} gets no new connections and loses its open ones, as when a balancer's health check fails
 * or the node dies; a backend that refuses the connection is skipped for that connection. Each connection is two
 * virtual threads copying bytes; {@link #close()} ends them all.
 */
public final class RoundRobinProxy implements AutoCloseable {

    /** How long connecting to a backend may take before the next one is tried. */
    static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    static final int BUFFER_BYTES = 8 * 1024;

    private final List<Integer> backendPorts;
    private final ServerSocket listener;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicIntegerArray connections;
    private final boolean[] down;
    private final List<Set<Socket>> open;
    private volatile boolean closed;

    private RoundRobinProxy(List<Integer> backendPorts, ServerSocket listener) {
        this.backendPorts = List.copyOf(backendPorts);
        this.listener = listener;
        this.connections = new AtomicIntegerArray(backendPorts.size());
        this.down = new boolean[backendPorts.size()];
        this.open = backendPorts.stream().map(p -> (Set<Socket>) ConcurrentHashMap.<Socket>newKeySet()).toList();
    }

    /** Listens on a free loopback port and spreads connections over {@code 127.0.0.1:port} for each port given. */
    public static RoundRobinProxy start(List<Integer> backendPorts) throws IOException {
        if (backendPorts.isEmpty()) {
            throw new IllegalArgumentException("no backends");
        }
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        RoundRobinProxy proxy = new RoundRobinProxy(backendPorts, listener);
        Thread.ofVirtual().name("round-robin-accept-" + listener.getLocalPort()).start(proxy::accept);
        return proxy;
    }

    /** The loopback port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** How many connections backend {@code index} has been handed so far. */
    public int connections(int index) {
        return connections.get(index);
    }

    /** Backend {@code index} gets no new connections; its open ones are closed (clients see them die). */
    public void down(int index) {
        synchronized (down) {
            down[index] = true;
        }
        for (Socket s : open.get(index)) {
            closeQuietly(s);
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Thread.ofVirtual().name("round-robin-conn").start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        for (int tries = 0; tries < backendPorts.size(); tries++) {
            int index = Math.floorMod(next.getAndIncrement(), backendPorts.size());
            if (isDown(index)) {
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPorts.get(index)),
                        CONNECT_TIMEOUT_MILLIS);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(server);
                continue; // refused: the next backend gets this connection
            }
            Set<Socket> sockets = open.get(index);
            sockets.add(client);
            sockets.add(server);
            if (isDown(index)) { // taken down while connecting: down() did not see these sockets
                drop(sockets, client, server);
                return;
            }
            connections.incrementAndGet(index);
            Thread.ofVirtual().name("round-robin-up").start(() -> pump(sockets, client, server));
            Thread.ofVirtual().name("round-robin-down").start(() -> pump(sockets, server, client));
            return;
        }
        closeQuietly(client); // no backend left
    }

    private boolean isDown(int index) {
        synchronized (down) {
            return down[index];
        }
    }

    private static void pump(Set<Socket> sockets, Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: drop both below
        } finally {
            drop(sockets, from, to);
        }
    }

    private static void drop(Set<Socket> sockets, Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        sockets.remove(a);
        sockets.remove(b);
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
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (int i = 0; i < backendPorts.size(); i++) {
            for (Socket s : open.get(i)) {
                closeQuietly(s);
            }
        }
    }
}
