package dev.sigil.storage.jpa;

import dev.sigil.storage.certificate.San;
import dev.sigil.storage.certificate.SanType;
import dev.sigil.storage.managed.ManagedCertificate;
import dev.sigil.storage.managed.ManagedSpec;
import dev.sigil.storage.managed.ManagedState;
import dev.sigil.storage.managed.ManagedVersion;
import dev.sigil.storage.managed.RenewalRule;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Plain JDBC for {@code managed_certificates} and {@code managed_versions}: one statement style on H2 and MariaDB
 * (getBytes on a BLOB, getBoolean on BOOLEAN/TINYINT(1)), run on the transaction's own connection.
 */
final class ManagedRows {

    /** A typed SQL NULL parameter. */
    record Null(int sqlType) {
    }

    static final Null NULL_TEXT = new Null(Types.VARCHAR);
    static final Null NULL_BIGINT = new Null(Types.BIGINT);
    static final Null NULL_DOUBLE = new Null(Types.DOUBLE);

    static final String SELECT_MANAGED = "SELECT m.name, m.common_name, m.sans, m.profile, m.key_type,"
            + " m.lifetime_seconds, m.renew_at_fraction, m.renew_before_seconds, m.owner, m.revoke_superseded,"
            + " m.revoke_grace_seconds, m.state, m.current_version, m.current_issuer_id, m.current_serial, v.not_after,"
            + " m.next_renewal_at, m.consecutive_failures, m.next_attempt_at, m.claimed_until, m.last_error,"
            + " m.row_version, m.created_at, m.created_by"
            + " FROM managed_certificates m JOIN managed_versions v ON v.name = m.name AND v.version = m.current_version";

    static final String VERSION_COLUMNS = "name, version, issuer_id, serial, not_after, %s, created_at, superseded_at,"
            + " revoke_after, revoked";

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private ManagedRows() {
    }

    static <T> List<T> query(EntityManager em, String sql, RowMapper<T> mapper, Object... params) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement st = prepare(c, sql, params); ResultSet rs = st.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        });
    }

    static int update(EntityManager em, String sql, Object... params) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement st = prepare(c, sql, params)) {
                return st.executeUpdate();
            }
        });
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof Null n) {
                st.setNull(i + 1, n.sqlType());
            } else {
                st.setObject(i + 1, params[i]);
            }
        }
        return st;
    }

    static ManagedCertificate managed(ResultSet rs) throws SQLException {
        double fraction = rs.getDouble(7);
        RenewalRule rule = rs.wasNull() ? new RenewalRule.BeforeExpiry(Duration.ofSeconds(rs.getLong(8)))
                : new RenewalRule.AtFraction(fraction);
        ManagedSpec spec = new ManagedSpec(rs.getString(1), Optional.ofNullable(rs.getString(2)), sans(rs.getString(3)),
                rs.getString(4), rs.getString(5), Duration.ofSeconds(rs.getLong(6)), rule,
                Optional.ofNullable(rs.getString(9)), rs.getBoolean(10), Duration.ofSeconds(rs.getLong(11)));
        return new ManagedCertificate(spec, ManagedState.valueOf(rs.getString(12)), rs.getInt(13), rs.getString(14),
                rs.getString(15), Micros.toInstant(rs.getLong(16)), Micros.toInstant(rs.getLong(17)), rs.getInt(18),
                Micros.toInstant(rs.getLong(19)), optionalInstant(rs, 20), Optional.ofNullable(rs.getString(21)),
                rs.getLong(22), Micros.toInstant(rs.getLong(23)), rs.getString(24));
    }

    /** Maps the columns of {@link #VERSION_COLUMNS}; the key column may be a constant empty value. */
    static ManagedVersion version(ResultSet rs) throws SQLException {
        byte[] key = rs.getBytes(6);
        return new ManagedVersion(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                Micros.toInstant(rs.getLong(5)), key == null ? new byte[0] : key, Micros.toInstant(rs.getLong(7)),
                optionalInstant(rs, 8), optionalInstant(rs, 9), rs.getBoolean(10));
    }

    private static Optional<java.time.Instant> optionalInstant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Micros.toInstant(v));
    }

    /** SANs as stored: one {@code type:value} per line. */
    static String sansText(List<San> sans) {
        return sans.stream().map(San::toString).collect(Collectors.joining("\n"));
    }

    static List<San> sans(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(text.split("\n")).map(line -> {
            int colon = line.indexOf(':');
            return new San(SanType.valueOf(line.substring(0, colon).toUpperCase(Locale.ROOT)), line.substring(colon + 1));
        }).toList();
    }

    static Object orNull(Optional<?> value, Null ifAbsent) {
        return value.isPresent() ? value.get() : ifAbsent;
    }

    static Object micros(Optional<java.time.Instant> value) {
        return value.isPresent() ? (Object) Micros.of(value.get()) : NULL_BIGINT;
    }
}
