package dev.sigil.service.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sigil.service.api.Problems;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.metrics.SigilMetrics;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The plain-HTTP listener for relying parties (CA certificates, CRLs, OCSP), served by the JDK's
 * {@code com.sun.net.httpserver} instead of Helidon: OpenSSL's HTTP client, and with it {@code openssl ocsp -url}
 * and the OCSP stapling of nginx and Apache, speaks HTTP/1.0, which Helidon 4.2 refuses with 505. The JDK server
 * speaks HTTP/1.0 and 1.1 and ships with every JDK, so no dependency comes with it.
 *
 * <p>Routes are listed up front by the services ({@link Service#routes()}); GET routes answer HEAD too. Errors are
 * RFC 7807 problem documents rendered by {@link Problems}, as on the Helidon listeners, and every request is timed
 * into the same metric under the listener name {@value #LISTENER}.
 */
public final class RelyingPartyListener implements AutoCloseable {

    /** The listener's name in metrics, as the Helidon socket it replaces was called. */
    public static final String LISTENER = "http";
    /** Connections the kernel queues before they are accepted: relying parties come in bursts (CRL nextUpdate). */
    static final int BACKLOG = 1024;
    /** Longest a client may take to send a request (headers and body) before its connection is closed. */
    static final long MAX_REQUEST_SECONDS = 30;
    /** Longest a client may take to read a response (a 44 MB CRL over a slow link needs a while). */
    static final long MAX_RESPONSE_SECONDS = 300;
    /** Longest {@link #close()} waits for exchanges in progress before closing their connections. */
    static final int STOP_SECONDS = 1;
    /** Methods counted under their own name in metrics; anything else is "OTHER", so clients cannot add series. */
    static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
            "TRACE", "CONNECT");
    private static final System.Logger LOG = System.getLogger(RelyingPartyListener.class.getName());

    /** A handler: parses the request, calls a service, renders the response. Failures become problem documents. */
    @FunctionalInterface
    public interface Handler {
        /** @throws SigilException for client errors; anything else is logged and answered 500 */
        Response handle(Request request) throws IOException;
    }

    /** A part of the relying-party surface: it lists all its routes up front. */
    public interface Service {
        List<Route> routes();
    }

    /**
     * A route: a method and a path, exact or, if it ends in '/', a prefix of the (percent-decoded) request path.
     * The first route that matches path and method answers.
     */
    public record Route(String method, String path, Handler handler) {

        public Route {
            if (method.isBlank() || !path.startsWith("/")) {
                throw new IllegalArgumentException("a route needs a method and an absolute path: " + method + " " + path);
            }
        }

        public static Route get(String path, Handler handler) {
            return new Route("GET", path, handler);
        }

        public static Route post(String path, Handler handler) {
            return new Route("POST", path, handler);
        }

        /** Whether this route serves the percent-decoded {@code requestPath} (whatever the method). */
        public boolean matches(String requestPath) {
            return path.endsWith("/") ? requestPath.startsWith(path) : requestPath.equals(path);
        }
    }

    /**
     * A request as handlers see it.
     *
     * @param path    percent-decoded path
     * @param rawPath path as sent (OCSP GET requests need the base64 untouched)
     * @param headers request headers (looked up by {@link #header(String)}, case-insensitively)
     * @param body    request body, at most the listener's payload limit (reading past it fails with a 413)
     * @param rawQuery the query string as sent (without '?'), or null if there is none
     */
    public record Request(String method, String path, String rawPath, Map<String, List<String>> headers,
                          InputStream body, String rawQuery) {

        /** A request without a query string. */
        public Request(String method, String path, String rawPath, Map<String, List<String>> headers, InputStream body) {
            this(method, path, rawPath, headers, body, null);
        }

        /** All values of a header, comma-joined as RFC 9110 §5.3 allows. */
        public Optional<String> header(String name) {
            List<String> values = new ArrayList<>();
            headers.forEach((k, v) -> {
                if (k != null && k.equalsIgnoreCase(name)) {
                    values.addAll(v);
                }
            });
            return values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
        }
    }

    /** A response: status, headers and the whole body (every relying-party answer is small and built in memory). */
    public record Response(int status, Map<String, String> headers, byte[] body) {

        public Response {
            headers = Map.copyOf(headers);
        }

        public static Response ok(String contentType, byte[] body) {
            return new Response(200, Map.of("Content-Type", contentType), body);
        }

        public static Response notModified() {
            return new Response(304, Map.of(), new byte[0]);
        }

        /** This response with one more header (or one replaced). */
        public Response header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Response(status, h, body);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes;
    private final long maxPayload;
    private final Problems problems;
    private final SigilMetrics metrics;

    private RelyingPartyListener(HttpServer server, ExecutorService executor, List<Route> routes, long maxPayload,
                                 Problems problems, SigilMetrics metrics) {
        this.server = server;
        this.executor = executor;
        this.routes = routes;
        this.maxPayload = maxPayload;
        this.problems = problems;
        this.metrics = metrics;
    }

    /**
     * Binds and starts the listener, one virtual thread per exchange.
     *
     * @param port       the port (0 for any free one; see {@link #port()})
     * @param maxPayload largest request body accepted; larger ones are answered 413
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static RelyingPartyListener start(String host, int port, long maxPayload, Problems problems,
                                             SigilMetrics metrics, Service... services) {
        List<Route> routes = new ArrayList<>();
        for (Service s : services) {
            routes.addAll(s.routes());
        }
        // Slow clients: the JDK server has no time limit on reading a request or writing a response unless these
        // are set (read once, when its first server is created); an operator's -D settings win.
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", Long.toString(MAX_REQUEST_SECONDS));
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", Long.toString(MAX_RESPONSE_SECONDS));
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        RelyingPartyListener listener = new RelyingPartyListener(server, executor, List.copyOf(routes), maxPayload,
                problems, metrics);
        server.setExecutor(executor);
        server.createContext("/", listener::exchange);
        server.start();
        return listener;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting, gives exchanges in progress up to {@link #STOP_SECONDS}, then closes what is left. */
    @Override
    public void close() {
        server.stop(STOP_SECONDS);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void exchange(HttpExchange ex) {
        long start = System.nanoTime();
        String method = ex.getRequestMethod();
        String where = method + " " + ex.getRequestURI().getRawPath();
        int status = 500;
        try {
            Response response;
            try {
                response = respond(ex);
            } catch (IOException e) {
                response = problem(SigilException.malformed("the request body could not be read"), where);
            } catch (RuntimeException e) {
                response = problem(e, where);
            }
            status = response.status();
            send(ex, response, method.equals("HEAD"));
        } catch (IOException e) {
            // The client went away while we answered: nobody is left to tell.
            LOG.log(System.Logger.Level.DEBUG, "relying-party response not delivered: " + where + " (" + e + ")");
        } finally {
            ex.close();
            metrics.request(LISTENER, KNOWN_METHODS.contains(method) ? method : "OTHER", status,
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private Response respond(HttpExchange ex) throws IOException {
        URI uri = ex.getRequestURI();
        String path = uri.getPath() == null ? "" : uri.getPath();
        String method = ex.getRequestMethod();
        String asked = method.equals("HEAD") ? "GET" : method;
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            if (!r.matches(path)) {
                continue;
            }
            if (r.method().equals(asked)) {
                Request request = new Request(method, path, uri.getRawPath(), ex.getRequestHeaders(),
                        body(ex.getRequestHeaders(), ex.getRequestBody()), uri.getRawQuery());
                return r.handler().handle(request);
            }
            allowed.add(r.method());
            if (r.method().equals("GET")) {
                allowed.add("HEAD");
            }
        }
        if (allowed.isEmpty()) {
            throw SigilException.notFound("no such resource: " + path);
        }
        return problem(new SigilException(ErrorKind.METHOD_NOT_ALLOWED, method + " is not allowed here; use "
                + String.join(" or ", allowed)), method + " " + path)
                .header("Allow", String.join(", ", allowed));
    }

    /** The body, refused up front if its declared length is over the limit, and cut off if a chunked one grows past. */
    private InputStream body(Headers headers, InputStream in) {
        String declared = headers.getFirst("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                throw SigilException.malformed("the Content-Length is not a number");
            }
            if (length > maxPayload) {
                throw tooLarge();
            }
        }
        return new FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                count(Math.max(n, 0));
                return n;
            }

            private void count(int n) {
                read += n;
                if (read > maxPayload) {
                    throw tooLarge();
                }
            }
        };
    }

    private SigilException tooLarge() {
        return new SigilException(ErrorKind.PAYLOAD_TOO_LARGE, "the body is larger than " + maxPayload + " bytes");
    }

    private Response problem(Throwable e, String where) {
        Problems.Rendered p = problems.render(e, where);
        return new Response(p.status(), p.headers(), p.body());
    }

    /**
     * Writes the response with a Content-Length, so that HTTP/1.0 clients need not wait for the connection to close.
     * HEAD answers and 304s carry no body (RFC 9110 §9.3.2, §15.4.5).
     */
    private static void send(HttpExchange ex, Response response, boolean head) throws IOException {
        Headers headers = ex.getResponseHeaders();
        response.headers().forEach(headers::set);
        byte[] body = response.body();
        boolean bodyless = head || body.length == 0 || response.status() == 304 || response.status() == 204;
        if (head && body.length > 0) {
            headers.set("Content-Length", Integer.toString(body.length));
        }
        ex.sendResponseHeaders(response.status(), bodyless ? -1 : body.length);
        if (!bodyless) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
