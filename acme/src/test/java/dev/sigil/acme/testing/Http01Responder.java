package dev.sigil.acme.testing;

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

/**
 * A real http-01 responder (RFC 8555 §8.3) on 127.0.0.1 and an ephemeral port: serves
 * {@code /.well-known/acme-challenge/{token}} with the key authorization a test provisioned, 404 otherwise.
 */
public final class Http01Responder implements AutoCloseable {

    public static final String PREFIX = "/.well-known/acme-challenge/";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(Thread.ofPlatform().daemon(true).factory());
    private final Map<String, String> answers = new ConcurrentHashMap<>();

    public Http01Responder() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getRawPath();
                String answer = path.startsWith(PREFIX) ? answers.get(path.substring(PREFIX.length())) : null;
                if (answer == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = answer.getBytes(StandardCharsets.US_ASCII);
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Serves {@code keyAuthorization} for {@code token}. */
    public void provision(String token, String keyAuthorization) {
        answers.put(token, keyAuthorization);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
