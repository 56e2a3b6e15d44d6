package dev.sigil.storage.jpa;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Fills {@code certificate_sans.san_value_reversed} (added by V10_3) for the SANs stored before it existed. Java
 * because H2 has no REVERSE function. Works in chunks found through the column's own index ({@code IS NULL}), so
 * memory stays flat however many SANs exist. Registered explicitly in {@link JpaDatabase} (the class is not in the
 * scanned {@code db.migration} package); the class name carries the version, as Flyway expects.
 */
final class V10_4__Reverse_san_values extends BaseJavaMigration {

    /** SANs read and updated per round trip. */
    static final int CHUNK = 1000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (PreparedStatement select = c.prepareStatement("SELECT issuer_id, serial, position, san_value"
                + " FROM certificate_sans WHERE san_value_reversed IS NULL LIMIT " + CHUNK);
             PreparedStatement update = c.prepareStatement("UPDATE certificate_sans SET san_value_reversed = ?"
                     + " WHERE issuer_id = ? AND serial = ? AND position = ?")) {
            int found;
            do {
                found = 0;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        update.setString(1, SanFilter.reverse(rows.getString(4)));
                        update.setString(2, rows.getString(1));
                        update.setString(3, rows.getString(2));
                        update.setInt(4, rows.getInt(3));
                        update.addBatch();
                        found++;
                    }
                }
                if (found > 0) {
                    update.executeBatch();
                }
            } while (found == CHUNK);
        }
    }
}
