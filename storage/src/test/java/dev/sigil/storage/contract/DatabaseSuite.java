package dev.sigil.storage.contract;

import dev.sigil.storage.Database;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.testing.TestDatabase;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One database per test class, shared by its tests (each test uses its own issuers, so rows never collide).
 * Subclasses name the backend; the tests themselves are written once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseSuite {

    private final Backend backend;
    TestDatabase testDb;
    Database db;
    private TestAbortedException unavailable;

    DatabaseSuite(Backend backend) {
        this.backend = backend;
    }

    @BeforeAll
    void openDatabase(@TempDir Path tempDir) {
        try {
            testDb = backend.create(tempDir);
        } catch (TestAbortedException e) {
            // Aborting here would hide the whole class from the report; skip each test visibly instead.
            unavailable = e;
            return;
        }
        db = testDb.open();
    }

    @BeforeEach
    void skipWithoutDatabase() {
        if (unavailable != null) {
            throw unavailable;
        }
    }

    @AfterAll
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
        if (testDb != null) {
            testDb.close();
        }
    }

    /** Closes and reopens the same database, as a restart of the service would. */
    void restart() {
        db.close();
        db = testDb.open();
    }

    static void assertFails(StorageException.Kind kind, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StorageException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.kind()).isEqualTo(kind));
    }
}
