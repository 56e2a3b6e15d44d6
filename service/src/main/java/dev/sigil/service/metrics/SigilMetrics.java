package dev.sigil.service.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Sigil's meters, with Prometheus names documented in docs/API.md. One registry per server instance. */
public final class SigilMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> sshIssued = new ConcurrentHashMap<>();
    private final Map<String, Counter> acmeRequests = new ConcurrentHashMap<>();
    private final Map<String, Counter> acmeValidations = new ConcurrentHashMap<>();
    private final Map<String, Timer> jobLags = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

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

    /** A CRL was stored: its size, entry count and thisUpdate become per-issuer gauges (CRL age = now - thisUpdate). */
    public void crlPublished(String issuer, long entries, long bytes, Instant thisUpdate) {
        crl(issuer, "sigil.crl.entries", "Entries on the latest CRL this node published", "entries").set(entries);
        crl(issuer, "sigil.crl.size", "Size of the latest CRL this node published", "bytes").set(bytes);
        crl(issuer, "sigil.crl.this.update", "thisUpdate of the latest CRL this node published", "seconds")
                .set(thisUpdate.getEpochSecond());
        Counter.builder("sigil.crl.published").description("CRLs signed and stored by this node")
                .tag("issuer", issuer).register(registry).increment();
    }

    /** A delta CRL was stored: its entry count and size become per-issuer gauges. */
    public void crlDeltaPublished(String issuer, long entries, long bytes) {
        crl(issuer, "sigil.crl.delta.entries", "Entries on the latest delta CRL this node published", "entries")
                .set(entries);
        crl(issuer, "sigil.crl.delta.size", "Size of the latest delta CRL this node published", "bytes").set(bytes);
        Counter.builder("sigil.crl.delta.published").description("Delta CRLs signed and stored by this node")
                .tag("issuer", issuer).register(registry).increment();
    }

    /** A scheduled job ran on this node (across a cluster, the sum over nodes is the number of runs). */
    public void jobRan(String job) {
        Counter.builder("sigil.jobs.runs").description("Scheduled job runs on this node")
                .tag("job", job).register(registry).increment();
    }

    /** A scheduled job failed (it is retried on its next tick). */
    public void jobFailed(String job) {
        Counter.builder("sigil.jobs.failed").description("Scheduled job runs that failed and will be retried")
                .tag("job", job).register(registry).increment();
    }

    /** A managed certificate renewal (scheduled or forced) ended on this node: result is success or failure. */
    public void managedRenewal(String result) {
        Counter.builder("sigil.managed.renewals").description("Managed certificate renewals attempted by this node")
                .tag("result", result).register(registry).increment();
    }

    /** ACTIVE managed certificates whose latest renewal attempts failed (consecutive failures above zero). */
    public void managedRenewalFailing(long count) {
        gauges.computeIfAbsent("sigil.managed.renewal.failing", k -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder(k, v, AtomicLong::get).description("Active managed certificates whose renewal is failing")
                    .register(registry);
            return v;
        }).set(count);
    }

    /** A webhook attempt was recorded: result is delivered, retry (failed, tried again later) or failed (given up). */
    public void webhookDelivery(String result) {
        Counter.builder("sigil.webhook.deliveries").description("Webhook delivery attempts recorded by this node")
                .tag("result", result).register(registry).increment();
    }

    /** Events recorded for delivery by this node (expiry notices, CA expiry, tests), by event type. */
    public void webhookEnqueued(String event, int count) {
        Counter.builder("sigil.webhook.events").description("Webhook events recorded for delivery by this node")
                .tag("event", event).register(registry).increment(count);
    }

    /** Valid certificates of an issuer expiring within a window (e.g. "7d"), from the last expiry report. */
    public void expiring(String issuer, String window, long count) {
        gauge("sigil.certificates.expiring", "Valid certificates expiring within the window", null,
                "issuer", issuer, "window", window).set(count);
    }

    /** A CA certificate's notAfter, and whether it is inside its renewal (expiry warning) window. */
    public void caExpiry(String issuer, Instant notAfter, boolean inRenewalWindow) {
        gauge("sigil.ca.not.after", "notAfter of the CA certificate", "seconds", "issuer", issuer, null, null)
                .set(notAfter.getEpochSecond());
        gauge("sigil.ca.renewal.due", "1 if the CA certificate is inside its expiry warning window", null,
                "issuer", issuer, null, null).set(inRenewalWindow ? 1 : 0);
    }

    private AtomicLong crl(String issuer, String name, String description, String unit) {
        return gauge(name, description, unit, "issuer", issuer, null, null);
    }

    private AtomicLong gauge(String name, String description, String unit, String tag, String value,
                             String tag2, String value2) {
        return gauges.computeIfAbsent(name + "|" + value + "|" + value2, k -> {
            AtomicLong v = new AtomicLong();
            Gauge.Builder<AtomicLong> b = Gauge.builder(name, v, AtomicLong::get).description(description)
                    .tag(tag, value);
            if (unit != null) {
                b.baseUnit(unit);
            }
            if (tag2 != null) {
                b.tag(tag2, value2);
            }
            b.register(registry);
            return v;
        });
    }

    /** An SSH certificate was signed and committed to the inventory ({@code user} or {@code host}). */
    public void sshIssued(String type) {
        // Looked up in a map: this runs for every SSH certificate (thousands a second), Counter.builder costs more.
        sshIssued.computeIfAbsent(type, t -> Counter.builder("sigil.ssh.certificates.issued")
                .description("SSH certificates signed and committed").tag("type", t).register(registry)).increment();
    }

    /** An SSH certificate request was refused ({@code policy}, {@code malformed}, ...). */
    public void sshRefused(String kind) {
        Counter.builder("sigil.ssh.certificates.refused").description("SSH certificate requests refused")
                .tag("reason", kind).register(registry).increment();
    }

    /** An SSH revocation was committed ({@code serial}, {@code keyId} or {@code publicKey}). */
    public void sshRevoked(String kind) {
        Counter.builder("sigil.ssh.revocations").description("SSH revocations committed")
                .tag("kind", kind).register(registry).increment();
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

    /**
     * An ACME request was answered: resource (new-order, finalize, chall, ...; "other" for paths that name none),
     * HTTP status, and the problem type's name after {@code urn:ietf:params:acme:error:} ("none" on success).
     */
    public void acmeRequest(String resource, int status, String problem) {
        acmeRequests.computeIfAbsent(resource + ' ' + status + ' ' + problem, k -> Counter.builder("sigil.acme.requests")
                .description("ACME requests answered, by resource, status and problem type")
                .tag("resource", resource).tag("status", Integer.toString(status)).tag("problem", problem)
                .register(registry)).increment();
    }

    /** A challenge validation ended: challenge type, valid or invalid, and the problem's name ("none" if valid). */
    public void acmeValidation(String challenge, boolean valid, String problem) {
        String result = valid ? "valid" : "invalid";
        acmeValidations.computeIfAbsent(challenge + ' ' + result + ' ' + problem, k -> Counter.builder(
                        "sigil.acme.validations").description("ACME challenge validations, by type and outcome")
                .tag("challenge", challenge).tag("result", result).tag("problem", problem)
                .register(registry)).increment();
    }

    /**
     * A scheduled job started on this node {@code lag} after the time it was due (Quartz's scheduled fire time):
     * a growing lag means the scheduler threads or the database cannot keep up.
     */
    public void jobLag(String job, Duration lag) {
        jobLags.computeIfAbsent(job, j -> Timer.builder("sigil.jobs.lag")
                .description("Delay between a job's scheduled and actual start on this node").tag("job", j)
                .register(registry)).record(lag.isNegative() ? Duration.ZERO : lag);
    }

    /** A scheduled job ended without error on this node at {@code at} (time since = staleness of its work). */
    public void jobSucceeded(String job, Instant at) {
        gauge("sigil.jobs.last.success", "When the job last ended without error on this node", "seconds", "job", job,
                null, null).set(at.getEpochSecond());
    }

    /**
     * Exposes the database connection pool (HikariCP's own meters: {@code hikaricp_connections_active}, {@code _idle},
     * {@code _pending} (threads waiting for a connection), {@code _max}, {@code _timeout_total},
     * {@code hikaricp_connections_acquire_seconds}, tagged {@code pool="sigil-db"}).
     */
    public void bindConnectionPool(javax.sql.DataSource dataSource) {
        if (dataSource instanceof com.zaxxer.hikari.HikariDataSource hikari) {
            hikari.setMetricRegistry(registry);
        }
    }

    /** Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
