package dev.sigil.storage.jpa;

import dev.sigil.storage.StorageException;
import jakarta.persistence.EntityExistsException;
import jakarta.persistence.PersistenceException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    private static StorageException map(RuntimeException e) {
        RuntimeException mapped = Failures.map(e, "record issuance");
        assertThat(mapped).isInstanceOf(StorageException.class);
        return (StorageException) mapped;
    }

    private static RuntimeException violation(String state, int code) {
        SQLException sql = new SQLException("Duplicate entry 'int-1-secretrow' for key 'PRIMARY'", state, code);
        return new ConstraintViolationException("could not execute batch", sql, "insert into ...");
    }

    @Test
    void uniqueViolationsAreConflictsWithoutTheDriverMessage() {
        for (StorageException e : new StorageException[]{map(violation("23000", 1062)), map(violation("23505", 23505))}) {
            assertThat(e.kind()).isEqualTo(StorageException.Kind.CONFLICT);
            assertThat(e.getMessage()).doesNotContain("secretrow");
            assertThat(e.getCause()).as("the driver message quotes the row").isNull();
        }
        assertThat(map(new EntityExistsException("same id twice in one batch")).kind())
                .isEqualTo(StorageException.Kind.CONFLICT);
    }

    @Test
    void missingParentsAreNotFound() {
        assertThat(map(violation("23000", 1452)).kind()).isEqualTo(StorageException.Kind.NOT_FOUND);
        assertThat(map(violation("23506", 23506)).kind()).isEqualTo(StorageException.Kind.NOT_FOUND);
    }

    @Test
    void batchUpdateExceptionsAreLookedThrough() {
        BatchUpdateException batch = new BatchUpdateException("batch failed", null, 0, new int[0]);
        batch.setNextException(new SQLException("dup", "23505", 23505));
        assertThat(map(new PersistenceException("flush", batch)).kind()).isEqualTo(StorageException.Kind.CONFLICT);
    }

    @Test
    void connectionProblemsAreUnavailableAndKeepTheirCause() {
        JDBCConnectionException lost = new JDBCConnectionException("could not connect",
                new SQLTransientConnectionException("Connection is not available, request timed out", "08001"));
        StorageException e = map(lost);
        assertThat(e.kind()).isEqualTo(StorageException.Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("record issuance").contains("08001");
        assertThat(e.getCause()).isSameAs(lost);
    }

    @Test
    void bugsAreNotDisguisedAsOutages() {
        NullPointerException bug = new NullPointerException();
        assertThat(Failures.map(bug, "x")).isSameAs(bug);
        StorageException already = new StorageException(StorageException.Kind.NOT_FOUND, "no such certificate");
        assertThat(Failures.map(already, "x")).isSameAs(already);
    }
}
