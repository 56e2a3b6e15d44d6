package dev.sigil.service.e2e;

import dev.sigil.storage.testing.TestDatabase;
import dev.sigil.storage.testing.TestDatabases;

import java.util.Map;

/** Incident response on MariaDB (a fresh database on the CI server, or a Testcontainers one). */
class CertIncidentFlowMariaDbTest extends CertIncidentFlowContract {

    private TestDatabase database;

    @Override
    Map<String, String> databaseOverrides() {
        database = TestDatabases.mariaDb();
        var s = database.settings();
        return Map.of("sigil.db.url", s.url(), "sigil.db.user", s.user(), "sigil.db.password", s.password());
    }

    @Override
    void afterServerStopped() {
        if (database != null) {
            database.close();
        }
    }
}
