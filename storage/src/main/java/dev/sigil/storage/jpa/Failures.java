package dev.sigil.storage.jpa;

import dev.sigil.storage.StorageException;
import jakarta.persistence.EntityExistsException;
import jakarta.persistence.PersistenceException;
import org.hibernate.HibernateException;
import org.hibernate.NonUniqueObjectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Set;

/**
 * Turns database failures into {@link StorageException} kinds, in one place. Messages name the operation
 * and the SQLState, never row contents: driver messages for constraint violations quote key values, so
 * CONFLICT and NOT_FOUND carry no cause at all.
 */
final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    /** SQLState class of integrity constraint violations (both databases). */
    private static final String INTEGRITY_CLASS = "23";
    /** H2: referenced parent row missing / child rows exist. */
    private static final Set<String> FOREIGN_KEY_STATES = Set.of("23503", "23506");
    /** MariaDB: ER_ROW_IS_REFERENCED_2, ER_NO_REFERENCED_ROW_2. */
    private static final Set<Integer> FOREIGN_KEY_CODES = Set.of(1451, 1452);

    private Failures() {
    }

    /**
     * Maps a failure of {@code operation}. A {@link StorageException} passes through; an exception that did
     * not come from the persistence layer (a bug) is rethrown unchanged rather than disguised as an outage.
     */
    static RuntimeException map(RuntimeException e, String operation) {
        if (e instanceof StorageException) {
            return e;
        }
        if (hasCause(e, EntityExistsException.class) || hasCause(e, NonUniqueObjectException.class)) {
            return new StorageException(StorageException.Kind.CONFLICT, operation + ": the key is already in use");
        }
        SQLException sql = sqlCause(e);
        if (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith(INTEGRITY_CLASS)) {
            if (FOREIGN_KEY_STATES.contains(sql.getSQLState()) || FOREIGN_KEY_CODES.contains(sql.getErrorCode())) {
                return new StorageException(StorageException.Kind.NOT_FOUND,
                        operation + ": a referenced row does not exist");
            }
            return new StorageException(StorageException.Kind.CONFLICT, operation + ": the key is already in use");
        }
        if (sql != null || e instanceof PersistenceException || e instanceof HibernateException) {
            String state = sql == null ? "none" : sql.getSQLState() + "/" + sql.getErrorCode();
            LOG.warn("{} failed: SQLState {}, {}", operation, state, (sql == null ? e : sql).getClass().getName());
            return new StorageException(StorageException.Kind.UNAVAILABLE,
                    operation + " failed: database unavailable or transaction not committed (SQLState " + state + ")", e);
        }
        return e;
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException s) {
                // BatchUpdateException and friends chain the statement's own exception.
                SQLException next = s.getNextException();
                return next != null && s.getSQLState() == null ? next : s;
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
