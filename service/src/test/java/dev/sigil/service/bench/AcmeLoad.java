package dev.sigil.service.bench;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.file.Path;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * ACME load generator: many concurrent clients, each with its own account, run complete orders (newOrder, http-01
 * against one in-process responder, finalize, download) against any RFC 8555 server over loopback, and report orders
 * per second, latency percentiles, and CPU per certificate of the server process, of its database (optional) and of
 * this generator. Every order is for a new name, {@code c<client>-o<n>.<domain-suffix>}, which the server must resolve
 * to 127.0.0.1 (pebble-challtestsrv as its DNS server). Run by {@code bench/acme.sh} against Sigil and Debian's pebble.
 *
 * <pre>
 * AcmeLoad --target sigil --directory https://localhost:18443/acme/default/directory --ca-cert data/ca/root.pem
 *          --http01-port 15002 [--clients 32 --seconds 30 --warmup 20 --poll-ms 50 --target-pid PID --db-pid PID]
 * AcmeLoad --target pebble --directory https://localhost:14000/dir --ca-cert pebble-cert.pem --authz-gate true ...
 * </pre>
 *
 * Accounts are registered before the warm-up. An order counts in the measured window when its certificate arrives
 * inside it; its latency runs from newOrder to the certificate downloaded, and {@code steps_p50} splits the median into
 * authorize (newOrder to challenge valid) / issue (CSR, finalize, order valid) / download. CPU figures are deltas over
 * the window divided by the orders completed in it ({@code generator_cpu} includes the http-01 responder).
 * {@code --authz-gate true} works around a deadlock in Debian's pebble 2.4 (see {@link AuthzGate}).
 */
public final class AcmeLoad {

    /** Pause after a failed order, so a broken server is not hammered in a tight loop. */
    static final Duration ERROR_BACKOFF = Duration.ofMillis(200);
    /** Errors printed in full; the rest are only counted. */
    static final int ERRORS_SHOWN = 3;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String target = a.getOrDefault("target", "acme");
        URI directory = URI.create(a.getOrDefault("directory", "https://localhost:14000/dir"));
        Path caCert = Path.of(a.getOrDefault("ca-cert", "root.pem"));
        int clients = Integer.parseInt(a.getOrDefault("clients", "32"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "20"));
        int http01Port = Integer.parseInt(a.getOrDefault("http01-port", "5002"));
        String suffix = a.getOrDefault("domain-suffix", "bench.test");
        Duration poll = Duration.ofMillis(Long.parseLong(a.getOrDefault("poll-ms", "50")));
        int clkTck = Integer.parseInt(a.getOrDefault("clk-tck", Integer.toString(ProcessCpu.DEFAULT_CLK_TCK)));
        Map<String, Long> pids = new LinkedHashMap<>();
        if (a.containsKey("target-pid")) {
            pids.put("cpu", Long.parseLong(a.get("target-pid")));
        }
        if (a.containsKey("db-pid")) {
            pids.put("db_cpu", Long.parseLong(a.get("db-pid")));
        }
        AuthzGate gate = Boolean.parseBoolean(a.getOrDefault("authz-gate", "false")) ? AuthzGate.exclusive() : AuthzGate.open();

        Security.addProvider(new BouncyCastleProvider()); // acme4j's KeyPairUtils asks for "BC" by name
        SSLContext trust = BenchAcmeProvider.trusting(caCert);
        AtomicLong errors = new AtomicLong();
        try (Http01Responder responder = new Http01Responder(http01Port);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<AcmeBenchClient>> registering = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                registering.add(pool.submit(() -> AcmeBenchClient.register(directory, trust, responder, poll, gate)));
            }
            List<AcmeBenchClient> accounts = new ArrayList<>();
            for (Future<AcmeBenchClient> f : registering) {
                accounts.add(f.get());
            }
            System.err.println("registered " + clients + " accounts at " + directory);

            long warmupEnd = System.nanoTime() + Duration.ofSeconds(warmup).toNanos();
            long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
            ProcessCpu.Window cpu = new ProcessCpu.Window(pids, clkTck, warmupEnd, end);
            List<Future<List<AcmeBenchClient.OrderTimes>>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                AcmeBenchClient client = accounts.get(c);
                String prefix = "c" + c + "-o";
                running.add(pool.submit(() -> {
                    List<AcmeBenchClient.OrderTimes> measured = new ArrayList<>();
                    for (int o = 0; System.nanoTime() < end; o++) {
                        try {
                            AcmeBenchClient.OrderTimes t = client.order(prefix + o + "." + suffix);
                            if (t.downloaded() >= warmupEnd && t.downloaded() <= end) {
                                measured.add(t);
                            }
                        } catch (Exception e) {
                            if (errors.incrementAndGet() <= ERRORS_SHOWN) {
                                System.err.println("error in " + prefix + o + ": " + e
                                        + (e.getCause() != null ? " (" + e.getCause() + ")" : ""));
                            }
                            Thread.sleep(ERROR_BACKOFF);
                        }
                    }
                    return measured;
                }));
            }
            List<AcmeBenchClient.OrderTimes> all = new ArrayList<>();
            for (Future<List<AcmeBenchClient.OrderTimes>> f : running) {
                all.addAll(f.get());
            }

            LatencySummary total = summary(all, t -> t.downloaded() - t.start());
            double orders = Math.max(1, total.count());
            StringBuilder cpuPerCert = new StringBuilder();
            cpu.millis().forEach((name, ms) -> cpuPerCert.append(String.format(" %s=%.2fms/%s",
                    name.equals(ProcessCpu.SELF) ? "generator_cpu" : name, ms / orders,
                    name.equals(ProcessCpu.SELF) ? "order" : "cert")));
            System.out.printf("target=%s clients=%d measured=%ds orders=%d errors=%d rate=%.1f/s p50=%.1fms p99=%.1fms "
                            + "max=%.1fms steps_p50=%.0f/%.0f/%.0fms polls=%.1f/order%s%n",
                    target, clients, seconds, total.count(), errors.get(), total.count() / (double) seconds,
                    total.p50Ms(), total.p99Ms(), total.maxMs(),
                    summary(all, t -> t.authorized() - t.start()).p50Ms(),
                    summary(all, t -> t.issued() - t.authorized()).p50Ms(),
                    summary(all, t -> t.downloaded() - t.issued()).p50Ms(),
                    all.stream().mapToInt(AcmeBenchClient.OrderTimes::polls).sum() / orders, cpuPerCert);
            System.err.printf("http-01 responder: %d challenge fetches answered, %d for unknown tokens%n",
                    responder.served(), responder.unknown());
        }
    }

    private static LatencySummary summary(List<AcmeBenchClient.OrderTimes> times,
                                          ToLongFunction<AcmeBenchClient.OrderTimes> span) {
        return LatencySummary.ofNanos(times.stream().mapToLong(span).toArray());
    }
}
