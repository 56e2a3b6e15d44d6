package dev.sigil.service.e2e;

import dev.sigil.service.SigilServer;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.TestServer;
import dev.sigil.storage.issuer.IssuerKind;
import dev.sigil.storage.testing.TestDatabase;
import dev.sigil.storage.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Sigil nodes on one MariaDB (same key files, different ports): the clustered scheduler runs the CRL job once
 * per tick across both, not once per node, and both nodes serve the same latest CRL.
 */
class TwoNodeSchedulerMariaDbTest {

    private static final Pattern RUNS = Pattern.compile("sigil_jobs_runs_total\\{job=\"crl-publish\"} ([0-9.]+)");

    @TempDir
    Path dir;

    static double runs(SigilServer node) throws Exception {
        String metrics = new String(ApiClient.plainGet("http://127.0.0.1:" + node.observePort() + "/metrics").body());
        Matcher m = RUNS.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void theCrlTickRunsOncePerPeriodAcrossTheClusterAndBothNodesServeTheSameCrl() throws Exception {
        try (TestDatabase database = TestDatabases.mariaDb()) {
            Map<String, String> config = new HashMap<>(Map.of("sigil.db.url", database.settings().url(),
                    "sigil.db.user", database.settings().user(), "sigil.db.password", database.settings().password(),
                    "sigil.crl.period", "2s", "sigil.crl.validity", "1m"));
            config.put("sigil.node.name", "node-a");
            try (SigilServer a = TestServer.start(dir, config)) {
                config.put("sigil.node.name", "node-b");
                try (SigilServer b = TestServer.start(dir, config)) {
                    double startA = runs(a);
                    double startB = runs(b);
                    Duration window = Duration.ofSeconds(12);
                    Thread.sleep(window.toMillis());
                    double ranA = runs(a) - startA;
                    double ranB = runs(b) - startB;

                    // One tick every 2 s across the cluster: about 6 runs in 12 s. Two unclustered schedulers: about 12.
                    assertThat(ranA + ranB).as("runs on a=%s, b=%s", ranA, ranB).isBetween(4.0, 8.0);

                    String issuer = a.database().issuers().list().stream()
                            .filter(i -> i.kind() == IssuerKind.INTERMEDIATE).findFirst().orElseThrow().id();
                    assertThat(sameCrlFromBoth(a, b, issuer)).as("both nodes serve the same CRL").isTrue();
                }
            }
        }
    }

    /** True once both nodes answer the same bytes (a publication between the two fetches makes one try differ). */
    private static boolean sameCrlFromBoth(SigilServer a, SigilServer b, String issuer) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<byte[]> fromA = ApiClient.plainGet("http://127.0.0.1:" + a.httpPort() + "/crl/" + issuer + ".crl");
            HttpResponse<byte[]> fromB = ApiClient.plainGet("http://127.0.0.1:" + b.httpPort() + "/crl/" + issuer + ".crl");
            if (fromA.statusCode() == 200 && Arrays.equals(fromA.body(), fromB.body())) {
                return true;
            }
            Thread.sleep(300);
        }
        return false;
    }
}
