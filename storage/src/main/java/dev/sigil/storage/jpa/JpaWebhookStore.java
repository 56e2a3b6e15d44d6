package dev.sigil.storage.jpa;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.webhook.DeliveryRecord;
import dev.sigil.storage.webhook.DeliveryState;
import dev.sigil.storage.webhook.ExpiringCertificate;
import dev.sigil.storage.webhook.ExpiryNotice;
import dev.sigil.storage.webhook.ExpiryQuery;
import dev.sigil.storage.webhook.WebhookStore;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link WebhookStore} with plain JDBC inside {@link Transactions}: small rows read and written whole, with a TEXT
 * column that JDBC's getString reads alike on H2 and MariaDB (a native query would hand H2's Clob through).
 */
final class JpaWebhookStore implements WebhookStore {

    private static final String COLUMNS = "id, event, subject, payload, created_at, attempts, next_attempt_at,"
            + " delivered_at, last_status, last_error, state";

    private final Transactions tx;

    JpaWebhookStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void enqueue(DeliveryRecord d) {
        tx.write("record webhook delivery", em -> jdbc(em, c -> {
            insert(c, d);
            return null;
        }));
    }

    @Override
    public boolean enqueueOnce(DeliveryRecord d, ExpiryNotice notice) {
        ColumnLimits.check("issuerId", notice.issuerId(), ColumnLimits.ISSUER_ID);
        try {
            return tx.write("record expiry notice", em -> jdbc(em, c -> {
                // The notice first: a second attempt for the same certificate and window stops here, at the key.
                try (PreparedStatement st = c.prepareStatement("INSERT INTO expiry_notices"
                        + " (issuer_id, serial, notice_window, sent_at) VALUES (?, ?, ?, ?)")) {
                    st.setString(1, notice.issuerId());
                    st.setString(2, notice.serial());
                    st.setString(3, notice.window());
                    st.setLong(4, Micros.of(notice.sentAt()));
                    st.executeUpdate();
                }
                insert(c, d);
                return true;
            }));
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.CONFLICT) {
                return false;
            }
            throw e;
        }
    }

    private static void insert(Connection c, DeliveryRecord d) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO webhook_deliveries (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, d.id());
            st.setString(2, d.event());
            st.setString(3, d.subject());
            st.setString(4, d.payload());
            st.setLong(5, Micros.of(d.createdAt()));
            bindMutable(st, 6, d);
            st.executeUpdate();
        }
    }

    /** attempts, next_attempt_at, delivered_at, last_status, last_error, state from {@code from} on. */
    private static void bindMutable(PreparedStatement st, int from, DeliveryRecord d) throws SQLException {
        st.setInt(from, d.attempts());
        st.setLong(from + 1, Micros.of(d.nextAttemptAt()));
        if (d.deliveredAt().isPresent()) {
            st.setLong(from + 2, Micros.of(d.deliveredAt().get()));
        } else {
            st.setNull(from + 2, Types.BIGINT);
        }
        if (d.lastStatus().isPresent()) {
            st.setInt(from + 3, d.lastStatus().get());
        } else {
            st.setNull(from + 3, Types.INTEGER);
        }
        st.setString(from + 4, d.lastError().orElse(null));
        st.setString(from + 5, d.state().name());
    }

    @Override
    public List<DeliveryRecord> due(Instant now, int limit) {
        return tx.read("read due webhook deliveries", em -> jdbc(em, c -> {
            // created_at order on the (state, created_at, id) index; the due filter is applied to those rows.
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM webhook_deliveries"
                    + " WHERE state = ? AND next_attempt_at <= ? ORDER BY created_at, id LIMIT " + positive(limit))) {
                st.setString(1, DeliveryState.PENDING.name());
                st.setLong(2, Micros.of(now));
                return read(st);
            }
        }));
    }

    @Override
    public boolean recordAttempt(DeliveryRecord u) {
        if (u.attempts() < 1) {
            throw new IllegalArgumentException("an attempt was made, so attempts is at least 1");
        }
        return tx.write("record webhook attempt", em -> jdbc(em, c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE webhook_deliveries SET attempts = ?,"
                    + " next_attempt_at = ?, delivered_at = ?, last_status = ?, last_error = ?, state = ?"
                    + " WHERE id = ? AND state = ? AND attempts = ?")) {
                bindMutable(st, 1, u);
                st.setString(7, u.id());
                st.setString(8, DeliveryState.PENDING.name());
                st.setInt(9, u.attempts() - 1);
                return st.executeUpdate() == 1;
            }
        }));
    }

    @Override
    public boolean requeue(String id, Instant now) {
        return tx.write("requeue webhook delivery", em -> jdbc(em, c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE webhook_deliveries SET state = ?, attempts = 0,"
                    + " next_attempt_at = ? WHERE id = ? AND state = ?")) {
                st.setString(1, DeliveryState.PENDING.name());
                st.setLong(2, Micros.of(now));
                st.setString(3, id);
                st.setString(4, DeliveryState.FAILED.name());
                return st.executeUpdate() == 1;
            }
        }));
    }

    @Override
    public Optional<DeliveryRecord> find(String id) {
        return tx.read("read webhook delivery", em -> jdbc(em, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE id = ?")) {
                st.setString(1, id);
                return read(st).stream().findFirst();
            }
        }));
    }

    @Override
    public List<DeliveryRecord> list(Optional<DeliveryState> state, int limit) {
        return tx.read("list webhook deliveries", em -> jdbc(em, c -> {
            String where = state.isPresent() ? " WHERE state = ?" : "";
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM webhook_deliveries" + where
                    + " ORDER BY created_at DESC, id DESC LIMIT " + positive(limit))) {
                if (state.isPresent()) {
                    st.setString(1, state.get().name());
                }
                return read(st);
            }
        }));
    }

    @Override
    public List<ExpiringCertificate> expiring(ExpiryQuery q) {
        return tx.read("find expiring certificates", em -> jdbc(em, c -> ExpirySql.find(c, q)));
    }

    private static List<DeliveryRecord> read(PreparedStatement st) throws SQLException {
        List<DeliveryRecord> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                long delivered = rs.getLong(8);
                Optional<Instant> deliveredAt = rs.wasNull() ? Optional.empty() : Optional.of(Micros.toInstant(delivered));
                int status = rs.getInt(9);
                Optional<Integer> lastStatus = rs.wasNull() ? Optional.empty() : Optional.of(status);
                out.add(new DeliveryRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Micros.toInstant(rs.getLong(5)), rs.getInt(6), Micros.toInstant(rs.getLong(7)), deliveredAt,
                        lastStatus, Optional.ofNullable(rs.getString(10)), DeliveryState.valueOf(rs.getString(11))));
            }
        }
        return out;
    }

    private static int positive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return limit;
    }

    static <T> T jdbc(EntityManager em, ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }
}
