package dev.sigil.storage.jpa;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.RevocationRecord;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for issuances and revocations. Callers enqueue and block; one writer thread drains up to
 * {@link #MAX_BATCH} pending writes and commits them (certificates, SANs, revocations and audit records,
 * JDBC-batched) in one transaction, then releases every caller of that batch. With a durable commit costing one
 * fsync, this turns N fsyncs into one, which is what lets a 2-core MariaDB with
 * {@code innodb_flush_log_at_trx_commit=1} keep up; and since every one of these writes appends to the audit chain
 * (one locked head), queueing them here costs nothing they did not already wait for on the lock.
 *
 * <p>No batching delay is added: while one batch commits, the next accumulates by itself.
 * If a batch is refused by a constraint (CONFLICT or NOT_FOUND), its members are retried one transaction
 * each, so that one bad row (a duplicate serial, a certificate already revoked) fails only its own caller. Any other failure (connection
 * lost, lock wait timeout, commit failed) fails the whole batch with UNAVAILABLE at once: it is not about
 * one member, retries would each wait out the same timeout, and an ambiguous commit must not be replayed.
 */
final class LedgerWriter {

    /** Most writes in one transaction: bounds transaction size, lock time and a retry's cost. */
    static final int MAX_BATCH = 256;
    /** Writes waiting for the writer; callers beyond this block (back-pressure instead of unbounded memory). */
    static final int MAX_QUEUED = 16 * MAX_BATCH;
    /** How often the idle writer checks whether it has been closed. */
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    /** How long close() waits for the writer to finish what was queued. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);

    /** One write: exactly one of {@code certificate} (an issuance) and {@code revocation} is set. */
    private record Pending(CertificateRecord certificate, RevocationRecord revocation, AuditEvent event,
                           CompletableFuture<Void> done) {
    }

    private final Transactions tx;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean stopped;

    LedgerWriter(Transactions tx) {
        this.tx = tx;
        this.thread = Thread.ofPlatform().name("sigil-ledger-writer").daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Blocks until the issuance is durably committed; throws StorageException if it was not. */
    void issue(CertificateRecord certificate, AuditEvent event) {
        submit(new Pending(certificate, null, event, new CompletableFuture<>()));
    }

    /**
     * Blocks until the revocation is durably committed; throws StorageException if it was not (NOT_FOUND for an
     * unknown certificate, CONFLICT if it is already revoked).
     */
    void revoke(RevocationRecord revocation, AuditEvent event) {
        submit(new Pending(null, revocation, event, new CompletableFuture<>()));
    }

    private void submit(Pending pending) {
        if (closing) {
            throw closed();
        }
        try {
            queue.put(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "interrupted before the write was queued");
        }
        // The writer drains the queue once more after it stops; whichever of us removes the entry fails it.
        if (stopped && queue.remove(pending)) {
            throw closed();
        }
        try {
            // join, not get: once queued the write may commit, so the caller must learn the outcome even if
            // interrupted meanwhile; an interrupt here would otherwise report failure for a committed row.
            pending.done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StorageException s) {
                throw new StorageException(s.kind(), s.getMessage(), s);
            }
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "write failed", e.getCause());
        }
    }

    /** Finishes what is queued, then stops the writer. New submissions fail with UNAVAILABLE. */
    void close() {
        closing = true;
        try {
            if (!thread.join(CLOSE_TIMEOUT)) {
                LOG.warn("issuance writer still busy after {}; closing anyway", CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            Pending first;
            try {
                first = queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = null; // only close() ends the writer: queued callers are owed an answer
            }
            if (first == null) {
                if (closing && queue.isEmpty()) {
                    break;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            commit(batch);
            batch.clear();
        }
        stopped = true;
        List<Pending> late = new ArrayList<>();
        queue.drainTo(late);
        late.forEach(p -> p.done().completeExceptionally(closed()));
    }

    private void commit(List<Pending> batch) {
        try {
            write(batch);
            batch.forEach(p -> p.done().complete(null));
        } catch (StorageException e) {
            if (batch.size() == 1 || e.kind() == StorageException.Kind.UNAVAILABLE) {
                batch.forEach(p -> p.done().completeExceptionally(e));
                return;
            }
            LOG.debug("batch of {} writes failed ({}); retrying them one by one", batch.size(), e.getMessage());
            for (Pending p : batch) {
                try {
                    write(List.of(p));
                    p.done().complete(null);
                } catch (RuntimeException single) {
                    p.done().completeExceptionally(single);
                }
            }
        } catch (RuntimeException | Error e) {
            // A bug, not a database failure: fail this batch, keep the writer alive for the next.
            LOG.error("ledger batch failed unexpectedly", e);
            StorageException failed = new StorageException(StorageException.Kind.UNAVAILABLE, "write failed", e);
            batch.forEach(p -> p.done().completeExceptionally(failed));
        }
    }

    /**
     * One transaction for the batch. Entities are persisted grouped by table (certificates, then SANs, then
     * revocations, then audit records) so that each table's inserts form JDBC batches and parents precede
     * children; audit records follow the order in which the writes were queued.
     */
    private void write(List<Pending> batch) {
        tx.write(batch.size() == 1 && batch.get(0).revocation() != null ? "revoke certificate" : "record issuance", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            List<CertificateRecord> issued = batch.stream().map(Pending::certificate).filter(Objects::nonNull).toList();
            issued.forEach(c -> em.persist(CertificateEntity.from(c)));
            issued.forEach(c -> persistSans(em, c));
            batch.stream().map(Pending::revocation).filter(Objects::nonNull).forEach(r -> applyRevocation(em, r));
            batch.forEach(p -> AuditChain.append(em, head, p.event()));
            return null;
        });
    }

    private static void applyRevocation(EntityManager em, RevocationRecord r) {
        CertificateEntity c = em.find(CertificateEntity.class, new CertificateKey(r.issuerId(), r.serial()),
                LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            throw new StorageException(StorageException.Kind.NOT_FOUND, "no such certificate");
        }
        if (c.revoked()) {
            throw new StorageException(StorageException.Kind.CONFLICT, "the certificate is already revoked");
        }
        c.markRevoked(Micros.of(r.revokedAt()), r.reasonCode());
        em.persist(RevocationEntity.from(r, c.notAfterMicros()));
    }

    private static void persistSans(EntityManager em, CertificateRecord c) {
        for (int i = 0; i < c.sans().size(); i++) {
            em.persist(new SanEntity(c.issuerId(), c.serial(), i, c.sans().get(i)));
        }
    }

    private static StorageException closed() {
        return new StorageException(StorageException.Kind.UNAVAILABLE, "the database is closed");
    }
}
