package dev.sigil.storage.contract;

import dev.sigil.storage.testing.TestDatabase;
import dev.sigil.storage.testing.TestDatabases;

import java.nio.file.Path;

/** The databases every contract suite runs against. */
enum Backend {
    H2, MARIADB;

    TestDatabase create(Path tempDir) {
        return this == H2 ? TestDatabases.h2(tempDir) : TestDatabases.mariaDb();
    }
}
