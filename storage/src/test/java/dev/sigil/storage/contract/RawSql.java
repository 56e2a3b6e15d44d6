package dev.sigil.storage.contract;

import dev.sigil.storage.DatabaseSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Direct JDBC access beside the Database, to tamper with rows or hold locks the way an outsider would. */
final class RawSql {

    private RawSql() {
    }

    static Connection connect(DatabaseSettings settings) throws SQLException {
        return DriverManager.getConnection(settings.url(), settings.user(), settings.password());
    }

    /** Runs one statement in its own auto-committed connection; returns the update count. */
    static int execute(DatabaseSettings settings, String sql) {
        try (Connection c = connect(settings); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            return s.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long queryLong(DatabaseSettings settings, String sql) {
        try (Connection c = connect(settings); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
