package dev.sigil.service.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.TestCsrs;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Revoke-call latency through the admin API: issues {@code --count} certificates (setup, not measured), then revokes
 * them with {@code --clients} concurrent callers and prints count, p50, p99 and max of the revoke calls.
 *
 * <pre>RevokeLoad --url https://localhost:18443 --token-file F --ca-cert F [--count 2000] [--clients 4]</pre>
 */
public final class RevokeLoad {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        int count = Integer.parseInt(a.getOrDefault("--count", "2000"));
        int clients = Integer.parseInt(a.getOrDefault("--clients", "4"));
        String token = Files.readString(Path.of(a.get("--token-file"))).strip();
        ApiClient api = new ApiClient(Path.of(a.get("--ca-cert")), URI.create(a.get("--url")).getPort());
        ObjectMapper json = new ObjectMapper();

        String csr = TestCsrs.csr(KeyType.EC_P256, "CN=revoke-bench.internal", "revoke-bench.internal");
        String body = json.writeValueAsString(Map.of("csr", csr, "profile", "server"));
        List<String> serials = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> r = api.postJson("/api/v1/certificates", token, body);
            if (r.statusCode() != 201) {
                throw new IllegalStateException("issue failed: " + r.statusCode() + " " + r.body());
            }
            serials.add(json.readTree(r.body()).path("serial").asText());
        }

        long[] nanos = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < count; ) {
                        long t = System.nanoTime();
                        HttpResponse<String> r = api.postJson("/api/v1/certificates/" + serials.get(i) + "/revoke", token,
                                "{\"reason\":\"keyCompromise\"}");
                        nanos[i] = System.nanoTime() - t;
                        if (r.statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        LatencySummary s = LatencySummary.ofNanos(nanos);
        System.out.printf("revocations=%d failures=%d clients=%d rate=%.0f/s p50=%.1fms p99=%.1fms max=%.1fms%n",
                s.count(), failures.get(), clients, count / seconds, s.p50Ms(), s.p99Ms(), s.maxMs());
    }
}
