package dev.sigil.storage.jpa;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.crl.CrlStore;
import dev.sigil.storage.crl.PublishedCrl;

import jakarta.persistence.Query;
import org.hibernate.Session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link CrlStore} over {@code crls} and {@code crl_parts} with native SQL: the rows are written once and read
 * whole, so entities would add nothing but a persistence context holding 40 MB of parts.
 */
final class JpaCrlStore implements CrlStore {

    /** Largest part of a CRL's DER per row (well under MariaDB's default 16 MiB max_allowed_packet). */
    static final int PART_BYTES = 1 << 20;

    private final Transactions tx;

    JpaCrlStore(Transactions tx) {
        this.tx = tx;
    }

    private static final String COLUMNS = "crl_number, this_update, next_update, entries, size_bytes, sha256,"
            + " published_at, published_by, base_number";

    @Override
    public Optional<PublishedCrl> latest(String issuerId) {
        return tx.read("read latest CRL", em -> first(issuerId, em.createNativeQuery("SELECT " + COLUMNS
                        + " FROM crls WHERE issuer_id = ?1 AND base_number IS NULL ORDER BY crl_number DESC LIMIT 1")
                .setParameter(1, issuerId)
                .getResultList()));
    }

    @Override
    public Optional<PublishedCrl> latestDelta(String issuerId) {
        // One statement, so that the delta and the full CRL it must be based on are read from the same snapshot.
        return tx.read("read latest delta CRL", em -> first(issuerId, em.createNativeQuery("SELECT " + COLUMNS
                        + " FROM crls WHERE issuer_id = ?1 AND base_number = (SELECT MAX(f.crl_number) FROM crls f"
                        + " WHERE f.issuer_id = ?1 AND f.base_number IS NULL) ORDER BY crl_number DESC LIMIT 1")
                .setParameter(1, issuerId)
                .getResultList()));
    }

    @Override
    public OptionalLong highestNumber(String issuerId) {
        return tx.read("read highest CRL number", em -> {
            Object highest = em.createNativeQuery("SELECT MAX(crl_number) FROM crls WHERE issuer_id = ?1")
                    .setParameter(1, issuerId)
                    .getSingleResult();
            return highest == null ? OptionalLong.empty() : OptionalLong.of(number(highest));
        });
    }

    private static Optional<PublishedCrl> first(String issuerId, List<?> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = (Object[]) rows.getFirst();
        return Optional.of(new PublishedCrl(issuerId, number(r[0]), Micros.toInstant(number(r[1])),
                Micros.toInstant(number(r[2])), number(r[3]), number(r[4]), (String) r[5],
                Micros.toInstant(number(r[6])), (String) r[7],
                r[8] == null ? OptionalLong.empty() : OptionalLong.of(number(r[8]))));
    }

    @Override
    public Optional<byte[]> read(String issuerId, long number) {
        // Plain JDBC: getBytes reads a BLOB the same way on both databases (a native query gives H2's Blob proxy).
        return tx.read("read CRL", em -> em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT bytes FROM crl_parts WHERE issuer_id = ? AND crl_number = ? ORDER BY part")) {
                st.setString(1, issuerId);
                st.setLong(2, number);
                try (ResultSet rs = st.executeQuery()) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    boolean any = false;
                    while (rs.next()) {
                        out.writeBytes(rs.getBytes(1));
                        any = true;
                    }
                    return any ? Optional.of(out.toByteArray()) : Optional.<byte[]>empty();
                }
            }
        }));
    }

    @Override
    public boolean publish(PublishedCrl crl, byte[] der, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least the CRL being published");
        }
        if (der.length != crl.sizeBytes()) {
            throw new IllegalArgumentException("sizeBytes does not match the DER");
        }
        ColumnLimits.check("publishedBy", crl.publishedBy(), ColumnLimits.ACTOR);
        try {
            return tx.write("publish CRL", em -> {
                Object highest = em.createNativeQuery("SELECT MAX(crl_number) FROM crls WHERE issuer_id = ?1")
                        .setParameter(1, crl.issuerId())
                        .getSingleResult();
                if (highest != null && number(highest) >= crl.number()) {
                    return false;
                }
                // base_number stays NULL for a full CRL (no typed null to bind through a native query).
                Query insert = em.createNativeQuery("INSERT INTO crls (issuer_id, crl_number, this_update, next_update,"
                                + " entries, size_bytes, sha256, published_at, published_by, base_number)"
                                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, " + (crl.delta() ? "?10" : "NULL") + ")")
                        .setParameter(1, crl.issuerId())
                        .setParameter(2, crl.number())
                        .setParameter(3, Micros.of(crl.thisUpdate()))
                        .setParameter(4, Micros.of(crl.nextUpdate()))
                        .setParameter(5, crl.entries())
                        .setParameter(6, crl.sizeBytes())
                        .setParameter(7, crl.sha256())
                        .setParameter(8, Micros.of(crl.publishedAt()))
                        .setParameter(9, crl.publishedBy());
                if (crl.delta()) {
                    insert.setParameter(10, crl.baseNumber().getAsLong());
                }
                insert.executeUpdate();
                // Plain JDBC with a stream over each 1 MiB slice: no copy of a 44 MB CRL into parts.
                em.unwrap(Session.class).doWork(c -> {
                    try (PreparedStatement st = c.prepareStatement(
                            "INSERT INTO crl_parts (issuer_id, crl_number, part, bytes) VALUES (?, ?, ?, ?)")) {
                        for (int part = 0, from = 0; from < der.length || part == 0; part++, from += PART_BYTES) {
                            int length = Math.min(der.length - from, PART_BYTES);
                            st.setString(1, crl.issuerId());
                            st.setLong(2, crl.number());
                            st.setInt(3, part);
                            st.setBinaryStream(4, new ByteArrayInputStream(der, from, length), length);
                            st.executeUpdate();
                        }
                    }
                });
                // Pruned per kind: a run of deltas must not push out the full CRL they are deltas of.
                String sameKind = crl.delta() ? "base_number IS NOT NULL" : "base_number IS NULL";
                List<?> stale = em.createNativeQuery("SELECT crl_number FROM crls WHERE issuer_id = ?1 AND " + sameKind
                                + " ORDER BY crl_number DESC LIMIT 1000 OFFSET " + keep)
                        .setParameter(1, crl.issuerId())
                        .getResultList();
                for (Object n : stale) {
                    em.createNativeQuery("DELETE FROM crl_parts WHERE issuer_id = ?1 AND crl_number = ?2")
                            .setParameter(1, crl.issuerId()).setParameter(2, number(n)).executeUpdate();
                    em.createNativeQuery("DELETE FROM crls WHERE issuer_id = ?1 AND crl_number = ?2")
                            .setParameter(1, crl.issuerId()).setParameter(2, number(n)).executeUpdate();
                }
                return true;
            });
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.CONFLICT) {
                return false; // another node inserted this number between our check and our insert
            }
            throw e;
        }
    }

    private static long number(Object o) {
        return ((Number) o).longValue();
    }
}
