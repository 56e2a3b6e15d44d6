package dev.sigil.service.e2e;

import dev.sigil.service.SigilServer;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.managed.ManagedView;
import dev.sigil.service.testing.TestClock;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.managed.ManagedSpec;
import dev.sigil.storage.managed.ManagedVersion;
import dev.sigil.storage.managed.RenewalRule;
import dev.sigil.storage.testing.TestDatabase;
import dev.sigil.storage.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Sigil nodes on one MariaDB renew the same due certificates at the same moment: the compare-and-set claim lets
 * exactly one of them issue each next version.
 */
class ManagedTwoNodeMariaDbTest {

    private static final int CERTIFICATES = 4;
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    private static SigilServer start(Path dir, TestDatabase database, String node, TestClock clock) {
        Map<String, String> o = new HashMap<>();
        o.put("sigil.data-dir", dir.toString());
        o.put("sigil.server.host", "127.0.0.1");
        o.put("sigil.server.https-port", "0");
        o.put("sigil.server.http-port", "0");
        o.put("sigil.server.observe-port", "0");
        o.put("sigil.db.url", database.settings().url());
        o.put("sigil.db.user", database.settings().user());
        o.put("sigil.db.password", database.settings().password());
        o.put("sigil.node.name", node);
        o.put("sigil.server.tls-validity", "365d"); // sigil-https stays out of the rounds below
        // The scheduled job would renew too; this test calls renewDue() on both nodes itself.
        o.put("sigil.managed.check-interval", "12h");
        return SigilServer.start(SigilConfig.load(Optional.empty(), Map.of(), o), clock);
    }

    @Test
    @Timeout(300)
    void twoNodesRenewingTheSameDueCertificatesAtOnceIssueEachNextVersionOnce() throws Exception {
        TestClock clock = new TestClock(Instant.now());
        try (TestDatabase database = TestDatabases.mariaDb();
             SigilServer a = start(dir, database, "node-a", clock);
             SigilServer b = start(dir, database, "node-b", clock);
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < CERTIFICATES; i++) {
                a.managed().create(new ManagedSpec("svc-" + i, Optional.empty(), List.of(San.dns("svc-" + i + ".internal")),
                        "server", "EC_P256", Duration.ofDays(30), new RenewalRule.AtFraction(0.5), Optional.empty(),
                        false, Duration.ZERO), "test");
            }
            for (int round = 1; round <= ROUNDS; round++) {
                clock.advance(Duration.ofDays(16)); // past the renewal point of the current versions, not of the next
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Integer>> runs = new ArrayList<>();
                for (SigilServer node : List.of(a, b)) {
                    Callable<Integer> renew = () -> {
                        together.await();
                        return node.managed().renewDue();
                    };
                    runs.add(pool.submit(renew));
                }
                int renewed = runs.get(0).get() + runs.get(1).get();

                assertThat(renewed).as("round %d", round).isEqualTo(CERTIFICATES);
                for (int i = 0; i < CERTIFICATES; i++) {
                    ManagedView view = b.managed().show("svc-" + i);
                    assertThat(view.history()).extracting(ManagedVersion::version).as("svc-%d", i)
                            .hasSize(round + 1).doesNotHaveDuplicates();
                    assertThat(view.managed().currentVersion()).isEqualTo(round + 1);
                    assertThat(view.history().stream().map(ManagedVersion::serial).distinct().count()).isEqualTo(round + 1);
                }
            }
            assertThat(a.managed().credential("svc-0").version()).as("both nodes share the KEK")
                    .isEqualTo(b.managed().credential("svc-0").version());
        }
    }
}
