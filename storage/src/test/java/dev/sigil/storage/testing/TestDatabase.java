package dev.sigil.storage.testing;

import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;

/**
 * A fresh, empty database for one test class (or one test). {@link #open()} may be called again after
 * closing the {@link Database}, to test restarts; {@link #close()} throws the database away.
 */
public final class TestDatabase implements AutoCloseable {

    private final String description;
    private final DatabaseSettings settings;
    private final Runnable dropper;

    TestDatabase(String description, DatabaseSettings settings, Runnable dropper) {
        this.description = description;
        this.settings = settings;
        this.dropper = dropper;
    }

    /** Settings that reach this database (and nothing else). */
    public DatabaseSettings settings() {
        return settings;
    }

    /** Opens it with {@link Database#open}, which migrates the schema on first use. */
    public Database open() {
        return Database.open(settings);
    }

    /** Drops the MariaDB database; for H2 nothing (the file lives in a JUnit temporary directory). */
    @Override
    public void close() {
        dropper.run();
    }

    @Override
    public String toString() {
        return description;
    }
}
