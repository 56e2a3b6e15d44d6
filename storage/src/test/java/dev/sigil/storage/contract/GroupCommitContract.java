package dev.sigil.storage.contract;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.audit.AuditQuery;
import dev.sigil.storage.audit.AuditRecord;
import dev.sigil.storage.certificate.CertificateQuery;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.Page;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static dev.sigil.storage.contract.TestData.NOW;
import static dev.sigil.storage.contract.TestData.certificate;
import static dev.sigil.storage.contract.TestData.event;
import static dev.sigil.storage.contract.TestData.serial;
import static org.assertj.core.api.Assertions.assertThat;

/** recordIssuance under concurrency: everything commits, the chain stays gap-free, a bad member fails alone. */
abstract class GroupCommitContract extends DatabaseSuite {

    private static final int ISSUANCES = 2_000;
    private static final int THREADS = 32;
    /** How long to wait for submitters to block behind the held lock before releasing it. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(5);

    GroupCommitContract(Backend backend) {
        super(backend);
    }

    private String newIssuer() {
        String id = TestData.issuerId();
        db.ledger().addIssuer(TestData.root(id), event("ca.create", id));
        return id;
    }

    @Test
    void twoThousandConcurrentIssuancesAllCommitWithAGapFreeVerifiedChain() throws Exception {
        String issuer = newIssuer();
        List<String> serials = IntStream.range(0, ISSUANCES).mapToObj(i -> serial()).toList();
        long before = db.audit().verify().records();

        long start = System.nanoTime();
        int ok = Concurrently.run(THREADS, t -> {
            for (int i = t; i < ISSUANCES; i += THREADS) {
                String s = serials.get(i);
                db.ledger().recordIssuance(certificate(issuer, s), event("certificate.issue", issuer + "/" + s));
            }
            return true;
        });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("%s: %d issuances from %d threads in %d ms (%.0f/s)%n", db.productName(), ISSUANCES,
                THREADS, took.toMillis(), ISSUANCES * 1e9 / took.toNanos());

        assertThat(ok).isEqualTo(THREADS);
        assertThat(allSerials(issuer)).containsExactlyInAnyOrderElementsOf(serials);
        List<AuditRecord> appended = new ArrayList<>();
        long after = before;
        List<AuditRecord> page;
        do {
            page = db.audit().list(new AuditQuery(Optional.empty(), Optional.of("certificate.issue"), Optional.empty(),
                    Optional.empty(), Optional.empty(), after, AuditQuery.MAX_LIMIT));
            appended.addAll(page);
            after = page.isEmpty() ? after : page.getLast().seq();
        } while (!page.isEmpty());
        assertThat(appended).extracting(AuditRecord::seq).containsExactlyElementsOf(
                IntStream.rangeClosed(1, ISSUANCES).mapToObj(i -> before + i).toList());
        assertThat(appended).extracting(a -> a.event().target())
                .containsExactlyInAnyOrderElementsOf(serials.stream().map(s -> issuer + "/" + s).toList());
        assertThat(db.audit().verify()).satisfies(v -> {
            assertThat(v.intact()).isTrue();
            assertThat(v.records()).isEqualTo(before + ISSUANCES);
        });
    }

    /**
     * Holds the audit head lock from outside so that the writer stalls on one batch while the others queue
     * up; released, the queued ones commit as one batch, which contains duplicates and so must be split.
     */
    @Test
    void aFailingMemberOfABatchFailsAlone() throws Exception {
        String issuer = newIssuer();
        CertificateRecord existing = certificate(issuer, serial());
        db.ledger().recordIssuance(existing, event("certificate.issue", existing.serial()));
        String twice = serial();
        List<CertificateRecord> queued = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            queued.add(certificate(issuer, serial()));
        }
        queued.set(7, certificate(issuer, existing.serial()));
        queued.set(11, certificate(issuer, twice));
        queued.set(15, certificate(issuer, twice));
        Map<Integer, Optional<StorageException.Kind>> outcome = new ConcurrentHashMap<>();

        List<Thread> submitters = new ArrayList<>();
        try (Connection lock = RawSql.connect(testDb.settings()); Statement s = lock.createStatement()) {
            lock.setAutoCommit(false);
            s.executeQuery("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE").close();
            CertificateRecord first = certificate(issuer, serial());
            submitters.add(submit(-1, first, outcome));
            awaitBlocked(submitters);
            for (int i = 0; i < queued.size(); i++) {
                submitters.add(submit(i, queued.get(i), outcome));
            }
            awaitBlocked(submitters);
            lock.rollback();
        }
        for (Thread t : submitters) {
            t.join(SETTLE_TIMEOUT.toMillis());
        }

        assertThat(outcome).hasSize(21);
        assertThat(outcome.get(-1)).isEmpty();
        assertThat(outcome.get(7)).contains(StorageException.Kind.CONFLICT);
        assertThat(List.of(outcome.get(11), outcome.get(15)))
                .containsExactlyInAnyOrder(Optional.empty(), Optional.of(StorageException.Kind.CONFLICT));
        for (int i = 0; i < queued.size(); i++) {
            if (i != 7 && i != 11 && i != 15) {
                assertThat(outcome.get(i)).as("member %d", i).isEmpty();
                assertThat(db.certificates().find(issuer, queued.get(i).serial())).isPresent();
            }
        }
        assertThat(db.certificates().findBySerial(twice)).hasSize(1);
        assertThat(db.audit().verify().intact()).isTrue();
    }

    /**
     * Revocations share the writer: a batch that mixes issuances with revocations (one of an unknown certificate,
     * one twice) commits every good member, and only the bad ones fail, each with its own kind.
     */
    @Test
    void revocationsAreGroupCommittedWithIssuancesAndABadOneFailsAlone() throws Exception {
        String issuer = newIssuer();
        List<CertificateRecord> existing = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            CertificateRecord c = certificate(issuer, serial());
            db.ledger().recordIssuance(c, event("certificate.issue", c.serial()));
            existing.add(c);
        }
        Map<Integer, Optional<StorageException.Kind>> outcome = new ConcurrentHashMap<>();
        List<CertificateRecord> fresh = new ArrayList<>();
        List<Thread> submitters = new ArrayList<>();
        try (Connection lock = RawSql.connect(testDb.settings()); Statement s = lock.createStatement()) {
            lock.setAutoCommit(false);
            s.executeQuery("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE").close();
            submitters.add(revoke(-1, issuer, existing.get(0).serial(), outcome));
            awaitBlocked(submitters);
            for (int i = 1; i < 10; i++) {
                submitters.add(revoke(i, issuer, existing.get(i).serial(), outcome));
                CertificateRecord c = certificate(issuer, serial());
                fresh.add(c);
                submitters.add(submit(100 + i, c, outcome));
            }
            submitters.add(revoke(50, issuer, existing.get(5).serial(), outcome)); // twice
            submitters.add(revoke(51, issuer, "abcdef0123", outcome));             // unknown
            awaitBlocked(submitters);
            lock.rollback();
        }
        for (Thread t : submitters) {
            t.join(SETTLE_TIMEOUT.toMillis());
        }

        assertThat(outcome).hasSize(21);
        assertThat(List.of(outcome.get(5), outcome.get(50)))
                .containsExactlyInAnyOrder(Optional.empty(), Optional.of(StorageException.Kind.CONFLICT));
        assertThat(outcome.get(51)).contains(StorageException.Kind.NOT_FOUND);
        for (int i = -1; i < 10; i++) {
            if (i != 0 && i != 5) {
                assertThat(outcome.get(i)).as("revocation %d", i).isEmpty();
            }
        }
        assertThat(outcome.get(-1)).isEmpty();
        for (CertificateRecord c : existing) {
            assertThat(db.certificates().find(issuer, c.serial()).orElseThrow().status())
                    .isEqualTo(dev.sigil.storage.certificate.CertificateStatus.REVOKED);
        }
        for (int i = 1; i < 10; i++) {
            assertThat(outcome.get(100 + i)).isEmpty();
            assertThat(db.certificates().find(issuer, fresh.get(i - 1).serial())).isPresent();
        }
        assertThat(db.audit().verify().intact()).isTrue();
    }

    private Thread revoke(int index, String issuer, String serial, Map<Integer, Optional<StorageException.Kind>> outcome) {
        return Thread.ofPlatform().name("revoker-" + index).start(() -> {
            try {
                db.ledger().revoke(TestData.revocation(issuer, serial, 1), event("certificate.revoke", serial));
                outcome.put(index, Optional.empty());
            } catch (StorageException e) {
                outcome.put(index, Optional.of(e.kind()));
            }
        });
    }

    private Thread submit(int index, CertificateRecord c, Map<Integer, Optional<StorageException.Kind>> outcome) {
        return Thread.ofPlatform().name("submitter-" + index).start(() -> {
            try {
                db.ledger().recordIssuance(c, event("certificate.issue", c.serial()));
                outcome.put(index, Optional.empty());
            } catch (StorageException e) {
                outcome.put(index, Optional.of(e.kind()));
            }
        });
    }

    /** Waits until every submitter is parked waiting for its commit (or gives up after a while). */
    private static void awaitBlocked(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline
                && !threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
            Thread.sleep(10);
        }
        Thread.sleep(50); // let the writer reach the lock wait
    }

    private Set<String> allSerials(String issuer) {
        Set<String> found = new HashSet<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<CertificateRecord> page = db.certificates().search(new CertificateQuery(NOW, Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(issuer),
                    CertificateQuery.MAX_LIMIT, cursor));
            page.items().forEach(c -> assertThat(found.add(c.serial())).as("no row twice").isTrue());
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return found;
    }
}
