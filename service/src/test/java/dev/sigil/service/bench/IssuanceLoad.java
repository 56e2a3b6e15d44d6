package dev.sigil.service.bench;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.testing.TestCsrs;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for direct issuance: many concurrent clients POST CSRs and count certificates per second and
 * latency percentiles. Targets Sigil's admin API ({@code --target sigil}) or cfssl's {@code /api/v1/cfssl/sign}
 * ({@code --target cfssl}) with the same CSRs, so both are measured alike. Run by {@code bench/issuance.sh}.
 *
 * <pre>
 * IssuanceLoad --target sigil --url https://localhost:18443 --token-file F --ca-cert F --clients 64 --seconds 30 --warmup 10
 * IssuanceLoad --target cfssl --url http://127.0.0.1:18888 --clients 64 --seconds 30 --warmup 10
 * IssuanceLoad --target sigil --emit-bodies FILE     (writes the request bodies for bench/issue.lua and wrk)
 * </pre>
 */
public final class IssuanceLoad {

    /** Distinct CSRs cycled through (each a fresh P-256 key). */
    static final int CSR_POOL = 256;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String target = a.getOrDefault("target", "sigil");
        String url = a.getOrDefault("url", "https://localhost:8443");
        int clients = Integer.parseInt(a.getOrDefault("clients", "64"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "10"));

        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < CSR_POOL; i++) {
            String csr = TestCsrs.csr(KeyType.EC_P256, "CN=bench-" + i + ".load.internal", "bench-" + i + ".load.internal");
            String esc = csr.replace("\n", "\\n");
            bodies.add(target.equals("cfssl")
                    ? "{\"certificate_request\":\"" + esc + "\"}"
                    : "{\"csr\":\"" + esc + "\",\"profile\":\"server\",\"ttl\":\"30d\",\"owner\":\"bench\"}");
        }
        if (a.containsKey("emit-bodies")) {
            // For bench/issue.lua (wrk): the same CSR pool, one JSON body per line.
            Files.write(Path.of(a.get("emit-bodies")), bodies);
            return;
        }
        HttpClient.Builder hb = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor());
        String token = null;
        URI uri;
        if (target.equals("cfssl")) {
            uri = URI.create(url + "/api/v1/cfssl/sign");
        } else {
            hb.sslContext(trusting(Path.of(a.get("ca-cert"))));
            token = Files.readString(Path.of(a.get("token-file"))).strip();
            uri = URI.create(url + "/api/v1/certificates");
        }
        HttpClient http = hb.build();
        String auth = token;

        long warmupEnd = System.nanoTime() + Duration.ofSeconds(warmup).toNanos();
        long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
        AtomicLong errors = new AtomicLong();
        List<long[]> perClient = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int offset = c;
                futures.add(pool.submit(() -> {
                    long[] lat = new long[1 << 16];
                    int n = 0;
                    for (int i = offset; System.nanoTime() < end; i += clients) {
                        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % CSR_POOL)));
                        if (auth != null) {
                            rb.header("Authorization", "Bearer " + auth);
                        }
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
                        long t1 = System.nanoTime();
                        boolean ok = target.equals("cfssl") ? r.statusCode() == 200 && r.body().contains("\"success\":true")
                                : r.statusCode() == 201;
                        if (!ok) {
                            if (errors.incrementAndGet() <= 3) {
                                System.err.println("error " + r.statusCode() + ": " + r.body());
                            }
                            continue;
                        }
                        if (t0 >= warmupEnd && t1 <= end) {
                            if (n == lat.length) {
                                lat = Arrays.copyOf(lat, n * 2);
                            }
                            lat[n++] = t1 - t0;
                        }
                    }
                    return Arrays.copyOf(lat, n);
                }));
            }
            for (Future<long[]> f : futures) {
                perClient.add(f.get());
            }
        }
        long total = perClient.stream().mapToLong(l -> l.length).sum();
        long[] all = new long[(int) total];
        int k = 0;
        for (long[] l : perClient) {
            System.arraycopy(l, 0, all, k, l.length);
            k += l.length;
        }
        Arrays.sort(all);
        System.out.printf("target=%s clients=%d measured=%ds certificates=%d errors=%d rate=%.0f/s p50=%.1fms p99=%.1fms max=%.1fms%n",
                target, clients, seconds, total, errors.get(), total / (double) seconds,
                pct(all, 0.50), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    static SSLContext trusting(Path rootPem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(rootPem)) {
            ks.setCertificateEntry("root", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
