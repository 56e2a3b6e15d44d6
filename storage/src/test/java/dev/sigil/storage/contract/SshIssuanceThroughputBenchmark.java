package dev.sigil.storage.contract;

import dev.sigil.storage.Database;
import dev.sigil.storage.ssh.SshCaType;
import dev.sigil.storage.ssh.SshCertificateRecord;
import dev.sigil.storage.testing.TestDatabase;
import dev.sigil.storage.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static dev.sigil.storage.contract.TestData.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database's share of signing SSH certificates (issue 5): what the API does per certificate in storage, with no
 * HTTP, JSON or signing around it: the group-committed insert of the certificate, its principals and its audit
 * record, with the revoked-key and key-id check made once per batch in the same transaction. Many threads, MariaDB, warm-up rounds; prints per round
 * the rate and, when the MariaDB server runs on this machine, its CPU time per certificate (from /proc), which is the
 * floor that the API's throughput on the same two cores cannot get under. Not a unit test (its name keeps it out of
 * the default run):
 * {@code SIGIL_TEST_MARIADB_URL=jdbc:mariadb://127.0.0.1:3306/test ./mvnw -pl storage test -Dtest=SshIssuanceThroughputBenchmark}
 */
class SshIssuanceThroughputBenchmark {

    private static final int THREADS = 64;
    private static final int PER_ROUND = 10_000;
    private static final int ROUNDS = 5;

    @Test
    void sshIssuancesPerSecond() throws Exception {
        Optional<Long> mariadbPid = pidOf("mariadbd");
        long clockTicks = 100; // USER_HZ on Linux x86-64
        try (TestDatabase testDb = TestDatabases.mariaDb(); Database db = testDb.open()) {
            for (int round = 1; round <= ROUNDS; round++) {
                Instant now = Instant.now();
                List<SshCertificateRecord> certs = IntStream.range(0, PER_ROUND)
                        .mapToObj(i -> SshStoreContract.cert(SshStoreContract.serial(), SshCaType.USER,
                                "bench-" + i, SshStoreContract.fingerprint(), List.of("bench-" + i), now,
                                now.plus(Duration.ofHours(1))))
                        .toList();
                long dbCpuBefore = mariadbPid.map(SshIssuanceThroughputBenchmark::cpuTicks).orElse(0L);
                long cpuBefore = processCpuNanos();
                long start = System.nanoTime();
                Concurrently.run(THREADS, t -> {
                    for (int i = t; i < PER_ROUND; i += THREADS) {
                        SshCertificateRecord c = certs.get(i);
                        db.ssh().recordIssuance(c, event("ssh.certificate.issue", "ssh-user/" + c.serialText()));
                    }
                    return true;
                });
                long took = System.nanoTime() - start;
                double javaCpuMs = (processCpuNanos() - cpuBefore) / 1e6 / PER_ROUND;
                String dbCpu = mariadbPid.map(pid -> String.format(", MariaDB CPU %.3f ms/cert",
                        (cpuTicks(pid) - dbCpuBefore) * 1000.0 / clockTicks / PER_ROUND)).orElse("");
                System.out.printf("round %d: %d SSH issuances from %d threads in %d ms"
                                + " = %.0f/s; this JVM's CPU %.3f ms/cert%s%n", round, PER_ROUND, THREADS,
                        took / 1_000_000, PER_ROUND * 1e9 / took, javaCpuMs, dbCpu);
            }
            assertThat(db.audit().verify().intact()).isTrue();
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Optional<Long> pidOf(String name) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/" + name)).orElse(false))
                .map(ProcessHandle::pid).findFirst();
    }

    /** utime + stime of a process, in clock ticks (/proc/PID/stat fields 14 and 15). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
