package dev.sigil.service.web;

import dev.sigil.service.metrics.SigilMetrics;
import io.helidon.webserver.http.Filter;

import java.time.Duration;

/** Times every request of a listener into {@code sigil_http_requests_seconds}. */
public final class RequestMetrics {

    private RequestMetrics() {
    }

    public static Filter filter(String listener, SigilMetrics metrics) {
        return (chain, req, res) -> {
            long start = System.nanoTime();
            try {
                chain.proceed();
            } finally {
                metrics.request(listener, req.prologue().method().text(), res.status().code(),
                        Duration.ofNanos(System.nanoTime() - start));
            }
        };
    }
}
