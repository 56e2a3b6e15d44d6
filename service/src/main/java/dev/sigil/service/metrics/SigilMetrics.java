package dev.sigil.service.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Sigil's meters, with Prometheus names documented in docs/API.md. One registry per server instance. */
public final class SigilMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public SigilMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    public void issued(String issuer, String profile) {
        Counter.builder("sigil.certificates.issued").description("Certificates issued and committed to the inventory")
                .tag("issuer", issuer).tag("profile", profile).register(registry).increment();
    }

    public void revoked(String issuer, String reason) {
        Counter.builder("sigil.certificates.revoked").description("Revocations committed")
                .tag("issuer", issuer).tag("reason", reason).register(registry).increment();
    }

    public void refused(String kind) {
        Counter.builder("sigil.issuance.refused").description("Issuance requests refused (policy, bad CSR)")
                .tag("reason", kind).register(registry).increment();
    }

    public void request(String listener, String method, int status, Duration took) {
        // One timer per (listener, method, status): looked up in a map on the hot path instead of rebuilt.
        timers.computeIfAbsent(listener + ' ' + method + ' ' + status, k -> Timer.builder("sigil.http.requests")
                .description("HTTP request latency")
                .tag("listener", listener).tag("method", method).tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry)).record(took);
    }

    /** Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
