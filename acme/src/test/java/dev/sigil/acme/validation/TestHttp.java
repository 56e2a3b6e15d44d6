package dev.sigil.acme.validation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** An in-test web server (JDK's com.sun.net.httpserver) answering per path, recording what it was asked. */
final class TestHttp implements AutoCloseable {

    /** How a path answers. */
    @FunctionalInterface
    interface Answer {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(Thread.ofPlatform().daemon(true).factory());
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private TestHttp(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                String target = exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
                requests.add(exchange.getRequestHeaders().getFirst("Host") + " " + target);
                Answer answer = answers.get(target);
                if (answer == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    answer.answer(exchange);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    static TestHttp start(InetAddress bind) throws IOException {
        return start(bind, 0);
    }

    static TestHttp start(InetAddress bind, int port) throws IOException {
        return new TestHttp(HttpServer.create(new InetSocketAddress(bind, port), 50));
    }

    static TestHttp startTls(InetAddress bind, SSLContext context) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(bind, 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new TestHttp(server);
    }

    static TestHttp start() throws IOException {
        return start(InetAddress.getLoopbackAddress());
    }

    int port() {
        return server.getAddress().getPort();
    }

    TestHttp on(String path, Answer answer) {
        answers.put(path, answer);
        return this;
    }

    /** "Host-header /path" for every request received, in order. */
    List<String> requests() {
        return requests;
    }

    static Answer body(String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    /** A 200 body sent with chunked transfer coding (the server does not announce its length). */
    static Answer chunked(String body) {
        return exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (byte b : body.getBytes(StandardCharsets.UTF_8)) {
                    out.write(b);
                    out.flush();
                }
            }
        };
    }

    static Answer status(int status) {
        return exchange -> exchange.sendResponseHeaders(status, -1);
    }

    static Answer redirect(int status, String location) {
        return exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(status, -1);
        };
    }

    static Answer slow(Duration delay, String body) {
        Answer then = body(body);
        return exchange -> {
            Thread.sleep(delay.toMillis());
            then.answer(exchange);
        };
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
