package dev.sigil.service.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one http-01 responder every load client shares: serves {@code /.well-known/acme-challenge/{token}} on a loopback
 * port from a concurrent map the clients fill before they trigger a challenge. The ACME server under test resolves
 * each order's name to 127.0.0.1 (pebble-challtestsrv) and dials this port.
 */
final class Http01Responder implements AutoCloseable {

    static final String PREFIX = "/.well-known/acme-challenge/";
    /** Pending TCP connections the kernel queues: validations arrive in bursts of up to one per client. */
    private static final int BACKLOG = 1024;

    private final Map<String, String> keyAuthorizations = new ConcurrentHashMap<>();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;

    Http01Responder(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
        server.createContext(PREFIX, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    void put(String token, String keyAuthorization) {
        keyAuthorizations.put(token, keyAuthorization);
    }

    void remove(String token) {
        keyAuthorizations.remove(token);
    }

    /** Challenge fetches answered with a key authorization. */
    long served() {
        return served.get();
    }

    /** Fetches for tokens nobody had published (404). */
    long unknown() {
        return unknown.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String keyAuth = keyAuthorizations.get(ex.getRequestURI().getPath().substring(PREFIX.length()));
            if (keyAuth == null) {
                unknown.incrementAndGet();
                ex.sendResponseHeaders(404, -1);
                return;
            }
            served.incrementAndGet();
            byte[] body = keyAuth.getBytes(StandardCharsets.US_ASCII);
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
