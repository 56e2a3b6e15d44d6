package dev.sigil.storage.contract;

import dev.sigil.storage.Database;
import dev.sigil.storage.testing.TestDatabase;
import dev.sigil.storage.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static dev.sigil.storage.contract.TestData.certificate;
import static dev.sigil.storage.contract.TestData.event;
import static dev.sigil.storage.contract.TestData.serial;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The measurement behind group commit: issuances per second from many threads on MariaDB, after warm-up
 * rounds. Not a unit test (its name keeps it out of the default run); run it on purpose:
 * {@code SIGIL_TEST_MARIADB_URL=... ./mvnw -pl storage test -Dtest=IssuanceThroughputBenchmark}.
 * On a 2-core machine with MariaDB 10.11 beside it and {@code innodb_flush_log_at_trx_commit=1},
 * it measured about 2,200-2,450 issuances/s once warm (about 1,300/s in the cold first round).
 */
class IssuanceThroughputBenchmark {

    private static final int THREADS = 64;
    private static final int PER_ROUND = 4_000;
    private static final int ROUNDS = 4;

    @Test
    void issuancesPerSecond() throws Exception {
        try (TestDatabase testDb = TestDatabases.mariaDb(); Database db = testDb.open()) {
            String issuer = TestData.issuerId();
            db.ledger().addIssuer(TestData.root(issuer), event("ca.create", issuer));
            for (int round = 1; round <= ROUNDS; round++) {
                List<String> serials = IntStream.range(0, PER_ROUND).mapToObj(i -> serial()).toList();
                long start = System.nanoTime();
                Concurrently.run(THREADS, t -> {
                    for (int i = t; i < PER_ROUND; i += THREADS) {
                        db.ledger().recordIssuance(certificate(issuer, serials.get(i)), event("certificate.issue", "b"));
                    }
                    return true;
                });
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                System.out.printf("round %d: %d issuances from %d threads in %d ms = %.0f/s%n", round, PER_ROUND,
                        THREADS, took.toMillis(), PER_ROUND * 1e9 / took.toNanos());
            }
            assertThat(db.audit().verify().intact()).isTrue();
        }
    }
}
