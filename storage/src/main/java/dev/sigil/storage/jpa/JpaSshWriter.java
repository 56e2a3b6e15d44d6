package dev.sigil.storage.jpa;

import dev.sigil.storage.SshKeyBlockedException;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.ssh.SshCertificateRecord;
import dev.sigil.storage.ssh.SshStore;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for SSH certificate issuances, the same pattern as {@link LedgerWriter} (which it does not share
 * because its batch types are X.509 records): callers enqueue and block; one writer thread commits up to
 * {@link #MAX_BATCH} certificates, their principals and their audit records in one transaction with JDBC batches,
 * after checking the batch's keys and key ids against outright revocations (one query per batch), then releases
 * every caller of the batch. One fsync per batch instead of one per certificate is what lets the
 * SSH API sign thousands of certificates a second on a durable database.
 *
 * <p>A batch refused by a constraint (a duplicate serial) is retried one certificate per transaction so that only the
 * offending caller fails; any other failure (connection lost, commit failed) fails the whole batch with UNAVAILABLE.
 */
final class JpaSshWriter {

    /** Most certificates in one transaction. */
    static final int MAX_BATCH = 256;
    /** Issuances waiting for the writer; callers beyond this block. */
    static final int MAX_QUEUED = 16 * MAX_BATCH;
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(JpaSshWriter.class);

    static final String INSERT_CERTIFICATE = "INSERT INTO ssh_certificates (serial, ca_type, ca_fingerprint, key_id,"
            + " key_type, fingerprint, principals, valid_after, valid_before, status, revoked_at, revocation_reason,"
            + " issued_at, requested_by, certificate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)";
    static final String INSERT_PRINCIPAL = "INSERT INTO ssh_certificate_principals (serial, position, principal)"
            + " VALUES (?, ?, ?)";

    private record Pending(SshCertificateRecord certificate, AuditEvent event, CompletableFuture<Void> done) {
    }

    private final Transactions tx;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean stopped;

    JpaSshWriter(Transactions tx) {
        this.tx = tx;
        this.thread = Thread.ofPlatform().name("sigil-ssh-writer").daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Blocks until the certificate is durably committed; throws StorageException if it was not. */
    void issue(SshCertificateRecord certificate, AuditEvent event) {
        if (closing) {
            throw closed();
        }
        Pending pending = new Pending(certificate, event, new CompletableFuture<>());
        try {
            queue.put(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "interrupted before the write was queued");
        }
        if (stopped && queue.remove(pending)) {
            throw closed();
        }
        try {
            pending.done().join(); // not get(): once queued it may commit, so the caller must learn the outcome
        } catch (CompletionException e) {
            if (e.getCause() instanceof SshKeyBlockedException b) {
                throw new SshKeyBlockedException(b.block());
            }
            if (e.getCause() instanceof StorageException s) {
                throw new StorageException(s.kind(), s.getMessage(), s);
            }
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "write failed", e.getCause());
        }
    }

    /** Finishes what is queued, then stops. */
    void close() {
        closing = true;
        try {
            if (thread.isAlive() && !thread.join(CLOSE_TIMEOUT)) {
                LOG.warn("SSH issuance writer still busy after {}; closing anyway", CLOSE_TIMEOUT);
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
                first = null;
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
            complete(batch, write(batch));
        } catch (StorageException e) {
            if (batch.size() == 1 || e.kind() == StorageException.Kind.UNAVAILABLE) {
                batch.forEach(p -> p.done().completeExceptionally(e));
                return;
            }
            LOG.debug("SSH batch of {} failed ({}); retrying one by one", batch.size(), e.getMessage());
            for (Pending p : batch) {
                try {
                    complete(List.of(p), write(List.of(p)));
                } catch (RuntimeException single) {
                    p.done().completeExceptionally(single);
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("SSH issuance batch failed unexpectedly", e);
            StorageException failed = new StorageException(StorageException.Kind.UNAVAILABLE, "write failed", e);
            batch.forEach(p -> p.done().completeExceptionally(failed));
        }
    }

    /** After the commit: the blocked ones learn why, the others that they are recorded. */
    private static void complete(List<Pending> batch, Map<Pending, SshStore.Block> blocked) {
        for (Pending p : batch) {
            SshStore.Block block = blocked.get(p);
            if (block == null) {
                p.done().complete(null);
            } else {
                p.done().completeExceptionally(new SshKeyBlockedException(block));
            }
        }
    }

    /**
     * Records the batch in one transaction, except the certificates whose key or key id is revoked outright: checked
     * after the audit head's lock, which every revocation takes first, so none commits between check and insert.
     * One query per batch instead of one per certificate is the other half of what group commit saves.
     *
     * @return the certificates refused, and why (not recorded)
     */
    private Map<Pending, SshStore.Block> write(List<Pending> batch) {
        return tx.write("record SSH certificate", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            Map<Pending, SshStore.Block> blocked = new IdentityHashMap<>();
            List<Pending> admitted = new ArrayList<>(batch.size());
            em.unwrap(Session.class).doWork(c -> {
                Set<String> revoked = revoked(c, batch);
                for (Pending p : batch) {
                    SshCertificateRecord r = p.certificate();
                    if (revoked.contains("K" + r.fingerprint())) {
                        blocked.put(p, SshStore.Block.PUBLIC_KEY);
                    } else if (revoked.contains("I" + r.caType().wireName() + "\u0000" + r.keyId())) {
                        blocked.put(p, SshStore.Block.KEY_ID);
                    } else {
                        admitted.add(p);
                    }
                }
                if (admitted.isEmpty()) {
                    return;
                }
                try (PreparedStatement st = c.prepareStatement(INSERT_CERTIFICATE)) {
                    for (Pending p : admitted) {
                        SshCertificateRecord r = p.certificate();
                        st.setLong(1, r.serial());
                        st.setString(2, r.caType().wireName());
                        st.setString(3, r.caFingerprint());
                        st.setString(4, r.keyId());
                        st.setString(5, r.keyType());
                        st.setString(6, r.fingerprint());
                        st.setString(7, String.join(",", r.principals()));
                        st.setLong(8, Micros.of(r.validAfter()));
                        st.setLong(9, Micros.of(r.validBefore()));
                        st.setString(10, r.status().name());
                        st.setLong(11, Micros.of(r.issuedAt()));
                        st.setString(12, r.requestedBy());
                        st.setBytes(13, r.certificate());
                        st.addBatch();
                    }
                    st.executeBatch();
                }
                try (PreparedStatement st = c.prepareStatement(INSERT_PRINCIPAL)) {
                    for (Pending p : admitted) {
                        List<String> principals = p.certificate().principals();
                        for (int i = 0; i < principals.size(); i++) {
                            st.setLong(1, p.certificate().serial());
                            st.setInt(2, i);
                            st.setString(3, principals.get(i));
                            st.addBatch();
                        }
                    }
                    st.executeBatch();
                }
                AuditChain.appendAll(c, head, admitted.stream().map(Pending::event).toList());
            });
            return blocked;
        });
    }

    /** What of the batch is revoked outright, in one round trip: {@code K fingerprint} and {@code I caType NUL keyId}. */
    private static Set<String> revoked(Connection c, List<Pending> batch) throws SQLException {
        List<String> fingerprints = batch.stream().map(p -> p.certificate().fingerprint()).distinct().toList();
        List<String> keyIds = batch.stream().map(p -> p.certificate().keyId()).distinct().toList();
        Set<String> revoked = new HashSet<>();
        try (PreparedStatement st = c.prepareStatement(
                "SELECT 'K', fingerprint, '' FROM ssh_revoked_keys WHERE fingerprint IN (" + placeholders(fingerprints.size())
                        + ") UNION ALL SELECT 'I', ca_type, key_id FROM ssh_revoked_key_ids WHERE key_id IN ("
                        + placeholders(keyIds.size()) + ")")) {
            int i = 1;
            for (String fingerprint : fingerprints) {
                st.setString(i++, fingerprint);
            }
            for (String keyId : keyIds) {
                st.setString(i++, keyId);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    revoked.add(rs.getString(1).equals("K") ? "K" + rs.getString(2)
                            : "I" + rs.getString(2) + "\u0000" + rs.getString(3));
                }
            }
        }
        return revoked;
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static StorageException closed() {
        return new StorageException(StorageException.Kind.UNAVAILABLE, "the database is closed");
    }
}
