package dev.sigil.storage.contract;

import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.certificate.CertificateQuery;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Optional;

import static dev.sigil.storage.contract.TestData.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upgrade: SANs stored before V10_3 added {@code san_value_reversed} get it from V10_4 (a Java migration), so
 * that suffix searches find certificates issued before the upgrade too.
 */
abstract class SanBackfillContract {

    private final Backend backend;

    @TempDir
    Path tempDir;

    SanBackfillContract(Backend backend) {
        this.backend = backend;
    }

    @Test
    void sansStoredBeforeTheUpgradeAreFoundBySuffix() throws Exception {
        try (TestDatabase testDb = backend.create(tempDir)) {
            DatabaseSettings s = testDb.settings();
            Flyway.configure().dataSource(s.url(), s.user(), s.password()).locations("classpath:db/migration")
                    .target("10.3").load().migrate();
            String issuer = TestData.issuerId();
            int sans = 2 * 1000 + 7; // more than one chunk of the migration
            try (Connection c = RawSql.connect(s)) {
                c.setAutoCommit(false);
                rawInsert(c, issuer, sans);
                c.commit();
            }
            assertThat(RawSql.queryLong(s, "SELECT COUNT(*) FROM certificate_sans WHERE san_value_reversed IS NULL"))
                    .isEqualTo(sans);

            try (Database db = testDb.open()) {
                assertThat(RawSql.queryLong(s,
                        "SELECT COUNT(*) FROM certificate_sans WHERE san_value_reversed IS NULL")).isZero();
                CertificateQuery all = CertificateQuery.all(NOW);
                var page = db.certificates().search(new CertificateQuery(NOW, Optional.empty(), Optional.empty(),
                        Optional.of("*-17.old.internal"), Optional.empty(), Optional.empty(), Optional.of(issuer),
                        all.limit(), Optional.empty()));
                assertThat(page.items()).extracting(CertificateRecord::serial).containsExactly("a17");
                assertThat(page.items().getFirst().sans().getFirst().value()).isEqualTo("host-17.old.internal");
            }
        }
    }

    /** One issuer, certificates a0..aN with one SAN each, as V1 stored them (no reversed value). */
    private static void rawInsert(Connection c, String issuer, int n) throws Exception {
        try (PreparedStatement i = c.prepareStatement("INSERT INTO issuers (id, name, kind, parent_id, subject_dn,"
                + " key_type, key_ref, certificate_der, not_before, not_after, created_at)"
                + " VALUES (?, ?, 'ROOT', NULL, ?, 'EC_P256', 'ca/x.p8', ?, 0, 9000000000000000, 0)")) {
            i.setString(1, issuer);
            i.setString(2, "Root " + issuer);
            i.setString(3, "CN=Root " + issuer);
            i.setBytes(4, new byte[] {1, 2, 3});
            i.executeUpdate();
        }
        try (PreparedStatement cert = c.prepareStatement("INSERT INTO certificates (issuer_id, serial, subject_dn,"
                + " key_type, not_before, not_after, status, owner, profile, der, issued_at, requested_by)"
                + " VALUES (?, ?, '', 'EC_P256', 0, 9000000000000000, 'VALID', 'old', 'server', ?, ?, 'tester')");
             PreparedStatement san = c.prepareStatement("INSERT INTO certificate_sans (issuer_id, serial, position,"
                     + " san_type, san_value) VALUES (?, ?, 0, 'DNS', ?)")) {
            for (int k = 0; k < n; k++) {
                cert.setString(1, issuer);
                cert.setString(2, "a" + Integer.toHexString(k));
                cert.setBytes(3, new byte[] {4});
                cert.setLong(4, k);
                cert.addBatch();
                san.setString(1, issuer);
                san.setString(2, "a" + Integer.toHexString(k));
                san.setString(3, "host-" + Integer.toHexString(k) + ".old.internal");
                san.addBatch();
            }
            cert.executeBatch();
            san.executeBatch();
        }
    }
}
