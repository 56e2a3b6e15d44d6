package dev.sigil.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTPS server on 127.0.0.1, port 0, that records every request and answers from canned responses per
 * {@code METHOD path} (queued: each request takes the next; the last one repeats). Unknown routes get a 404 problem.
 */
final class TestServer implements AutoCloseable {

    /** What the CLI sent. */
    record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** A canned answer. */
    record Response(int status, String contentType, String body, Map<String, String> headers) {
    }

    static Response json(int status, String body) {
        return new Response(status, "application/json", body, Map.of());
    }

    static Response problem(int status, String kind, String title, String detail) {
        return new Response(status, "application/problem+json",
                "{\"type\":\"urn:sigil:problem:" + kind + "\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\"}", Map.of());
    }

    private final HttpsServer server;
    private final Map<String, Deque<Response>> routes = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    private TestServer(HttpsServer server) {
        this.server = server;
    }

    static TestServer start(TestPki pki) throws Exception {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(pki.serverContext()));
        TestServer ts = new TestServer(s);
        s.createContext("/", ts::handle);
        s.start();
        return ts;
    }

    /** Base URL, {@code https://127.0.0.1:PORT}. */
    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Answers {@code method path} (path without query) with the responses in turn. */
    TestServer on(String method, String path, Response... responses) {
        routes.put(method + " " + path, new ArrayDeque<>(List.of(responses)));
        return this;
    }

    /** The only request received; fails if there were none or several. */
    Request single() {
        if (requests.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + requests.size() + ": " + requests);
        }
        return requests.get(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = ex.getRequestURI().getRawPath();
        requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(),
                Map.copyOf(ex.getRequestHeaders()), body));
        Deque<Response> queue = routes.get(ex.getRequestMethod() + " " + path);
        Response r;
        if (queue == null || queue.isEmpty()) {
            r = problem(404, "not-found", "Not found", "no route " + path);
        } else {
            r = queue.size() > 1 ? queue.poll() : queue.peek();
        }
        byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", r.contentType());
        r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
