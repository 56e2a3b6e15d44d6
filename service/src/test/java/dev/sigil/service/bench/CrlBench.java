package dev.sigil.service.bench;

import dev.sigil.service.ca.bootstrap.CaBootstrap;
import dev.sigil.service.ca.bootstrap.CaSettings;
import dev.sigil.service.ca.crl.CrlPublisher;
import dev.sigil.service.ca.crl.CrlSettings;
import dev.sigil.service.ca.keys.EncryptedFileKeyCustody;
import dev.sigil.service.ca.keys.Passphrase;
import dev.sigil.service.ca.x509.CaUrls;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.crl.CrlStore;
import dev.sigil.storage.crl.PublishedCrl;
import dev.sigil.storage.issuer.IssuerKind;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Publishes the full CRL of the issuing CA of an existing Sigil data directory and database, as the scheduler does,
 * and reports the time from database to signed DER, the time to store it, and the peak heap. Run it with -Xmx256m
 * to show the CRL fits in that heap (bench/crl.sh does).
 *
 * <pre>java -Xmx256m -cp ... dev.sigil.service.bench.CrlBench DATA_DIR JDBC_URL [RUNS]</pre>
 */
public final class CrlBench {

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (Database db = Database.open(new DatabaseSettings(args[1], "root", "", 4))) {
            Path caDir = dataDir.resolve("ca");
            char[] passphrase = Passphrase.resolve(Optional.empty(), caDir.resolve("passphrase"), false).value();
            SigilConfig config = SigilConfig.load(Optional.empty(), Map.of(), Map.of());
            CaUrls urls = new CaUrls("http://localhost:18080");
            var ca = new CaBootstrap(db, new EncryptedFileKeyCustody(caDir, passphrase), urls, Clock.systemUTC(), caDir)
                    .loadOrCreate(CaSettings.from(config));
            SigningIssuer issuer = ca.registry().all().stream()
                    .filter(i -> i.record().kind() == IssuerKind.INTERMEDIATE).findFirst().orElseThrow();
            TimedStore store = new TimedStore(db.crls());
            CrlPublisher publisher = new CrlPublisher(db.certificates(), store, urls,
                    new CrlSettings(Duration.ofDays(1), Duration.ofHours(1), Duration.ofSeconds(5), Duration.ofDays(7)),
                    new SigilMetrics(), "crl-bench", Clock.systemUTC());
            System.out.printf("revocations of %s in the database: %d; heap limit %d MB%n", issuer.id(),
                    db.certificates().countRevocations(issuer.id()), Runtime.getRuntime().maxMemory() >> 20);
            for (int run = 1; run <= runs; run++) {
                System.gc();
                heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
                long start = System.nanoTime();
                PublishedCrl crl = publisher.publish(issuer);
                long total = System.nanoTime() - start;
                long peak = heapPools().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
                System.out.printf("run %d: CRL %d, %d entries, %.1f MB; database to signed DER %d ms, store %d ms,"
                                + " total %d ms; peak heap (sum of pool peaks) %d MB%n",
                        run, crl.number(), crl.entries(), crl.sizeBytes() / 1e6, (total - store.nanos) / 1_000_000,
                        store.nanos / 1_000_000, total / 1_000_000, peak >> 20);
            }
        }
    }

    private static java.util.stream.Stream<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP);
    }

    /** Times the store step separately from generation. */
    private static final class TimedStore implements CrlStore {
        private final CrlStore delegate;
        long nanos;

        TimedStore(CrlStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<PublishedCrl> latest(String issuerId) {
            return delegate.latest(issuerId);
        }

        @Override
        public Optional<PublishedCrl> latestDelta(String issuerId) {
            return delegate.latestDelta(issuerId);
        }

        @Override
        public OptionalLong highestNumber(String issuerId) {
            return delegate.highestNumber(issuerId);
        }

        @Override
        public Optional<byte[]> read(String issuerId, long number) {
            return delegate.read(issuerId, number);
        }

        @Override
        public boolean publish(PublishedCrl crl, byte[] der, int keep) {
            long start = System.nanoTime();
            try {
                return delegate.publish(crl, der, keep);
            } finally {
                nanos = System.nanoTime() - start;
            }
        }
    }
}
