package dev.sigil.storage.jpa;

import dev.sigil.storage.StorageException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * Runs work in one resource-local transaction with a fresh EntityManager, and maps failures through
 * {@link Failures}. Every repository and ledger call goes through here, so no persistence context outlives
 * its transaction and nothing is cached between calls.
 */
final class Transactions {

    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    private final EntityManagerFactory emf;

    Transactions(EntityManagerFactory emf) {
        this.emf = emf;
    }

    /** Read-only work: entities are loaded without dirty-checking snapshots. */
    <T> T read(String operation, Function<EntityManager, T> work) {
        return run(operation, true, work);
    }

    /** Work whose changes are flushed and committed before this returns; on failure nothing is written. */
    <T> T write(String operation, Function<EntityManager, T> work) {
        return run(operation, false, work);
    }

    private <T> T run(String operation, boolean readOnly, Function<EntityManager, T> work) {
        EntityManager em;
        try {
            em = emf.createEntityManager();
        } catch (IllegalStateException e) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "the database is closed", e);
        }
        EntityTransaction tx = em.getTransaction();
        try {
            if (readOnly) {
                em.unwrap(Session.class).setDefaultReadOnly(true);
            }
            tx.begin();
            T result = work.apply(em);
            if (!readOnly) {
                em.flush();
            }
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            rollbackQuietly(tx, operation);
            throw Failures.map(e, operation);
        } finally {
            em.close();
        }
    }

    private static void rollbackQuietly(EntityTransaction tx, String operation) {
        try {
            if (tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException e) {
            // The original failure is what the caller needs; a failed rollback (dead connection) adds nothing.
            LOG.debug("rollback after failed {} also failed: {}", operation, e.getClass().getName());
        }
    }
}
