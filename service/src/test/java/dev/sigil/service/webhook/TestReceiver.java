package dev.sigil.service.webhook;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A webhook receiver on 127.0.0.1: records every request and answers with scripted statuses, then 204. */
public final class TestReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String method, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final Queue<Integer> script = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** @param statuses answers to the first requests, in order; later ones get 204 */
    public TestReceiver(Integer... statuses) throws IOException {
        script.addAll(List.of(statuses));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            received.add(new Received(exchange.getRequestMethod(), Map.copyOf(exchange.getRequestHeaders()), body));
            Integer status;
            synchronized (script) {
                status = script.poll();
            }
            int s = status == null ? 204 : status;
            if (s / 100 == 3) {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:9/elsewhere");
            }
            exchange.sendResponseHeaders(s, -1);
            exchange.close();
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits (at most {@code limit}) until a received request matches; the test fails on its own assertions if none does. */
    public List<Received> await(Predicate<List<Received>> done, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.test(received()) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        return received();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
