package dev.sigil.storage.jpa;

import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.certificate.SanType;
import dev.sigil.storage.webhook.ExpiringCertificate;
import dev.sigil.storage.webhook.ExpiryQuery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The expiry-notice query: valid certificates expiring in a window, not yet noticed for it, not superseded. One
 * statement on the (status, not_after) index; supersession is decided in the database with correlated NOT EXISTS,
 * so a page never fills up with superseded certificates that the caller would have to skip.
 */
final class ExpirySql {

    /** Same owner, both absent counting as the same (a NULL-safe equality both databases accept). */
    private static final String SAME_OWNER = "(n.owner = c.owner OR (n.owner IS NULL AND c.owner IS NULL))";
    private static final String NEWER_AND_VALID = "n.status = 'VALID' AND n.not_after > c.not_after"
            + " AND n.issued_at > c.issued_at AND " + SAME_OWNER;

    /**
     * A newer certificate with exactly c's SANs: found through c's first SAN (the san_value index), then each side's
     * SANs must all be among the other's.
     */
    private static final String SUPERSEDED_BY_SANS = "EXISTS (SELECT 1 FROM certificate_sans f"
            + " JOIN certificate_sans nf ON nf.san_value = f.san_value AND nf.san_type = f.san_type"
            + " JOIN certificates n ON n.issuer_id = nf.issuer_id AND n.serial = nf.serial"
            + " WHERE f.issuer_id = c.issuer_id AND f.serial = c.serial AND f.position = 0 AND " + NEWER_AND_VALID
            + " AND NOT EXISTS (SELECT 1 FROM certificate_sans x WHERE x.issuer_id = c.issuer_id AND x.serial = c.serial"
            + "   AND NOT EXISTS (SELECT 1 FROM certificate_sans y WHERE y.issuer_id = n.issuer_id AND y.serial = n.serial"
            + "     AND y.san_type = x.san_type AND y.san_value = x.san_value))"
            + " AND NOT EXISTS (SELECT 1 FROM certificate_sans y WHERE y.issuer_id = n.issuer_id AND y.serial = n.serial"
            + "   AND NOT EXISTS (SELECT 1 FROM certificate_sans x WHERE x.issuer_id = c.issuer_id AND x.serial = c.serial"
            + "     AND x.san_type = y.san_type AND x.san_value = y.san_value)))";

    /** For a certificate without SANs: a newer one without SANs and with the same subject DN. */
    private static final String SUPERSEDED_WITHOUT_SANS = "(NOT EXISTS (SELECT 1 FROM certificate_sans x"
            + "   WHERE x.issuer_id = c.issuer_id AND x.serial = c.serial)"
            + " AND EXISTS (SELECT 1 FROM certificates n WHERE n.subject_dn = c.subject_dn AND " + NEWER_AND_VALID
            + "   AND NOT EXISTS (SELECT 1 FROM certificate_sans y WHERE y.issuer_id = n.issuer_id AND y.serial = n.serial)))";

    /** SANs of a page are loaded in groups of this many certificates per statement. */
    private static final int SAN_CHUNK = 100;

    private ExpirySql() {
    }

    static List<ExpiringCertificate> find(Connection c, ExpiryQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT c.issuer_id, c.serial, c.subject_dn, c.owner, c.profile, c.not_after"
                + " FROM certificates c WHERE c.status = ? AND c.not_after > ? AND c.not_after <= ?");
        List<Object> args = new ArrayList<>(List.of(CertificateStatus.VALID.name(), Micros.of(q.now()), Micros.of(q.until())));
        if (!q.excludedProfiles().isEmpty()) {
            sql.append(" AND c.profile NOT IN (").append(String.join(", ", Collections.nCopies(q.excludedProfiles().size(), "?")))
                    .append(')');
            args.addAll(q.excludedProfiles().stream().sorted().toList());
        }
        if (q.after().isPresent()) {
            ExpiringCertificate a = q.after().get();
            long notAfter = Micros.of(a.notAfter());
            sql.append(" AND (c.not_after > ? OR (c.not_after = ? AND (c.issuer_id > ? OR (c.issuer_id = ? AND c.serial > ?))))");
            args.addAll(List.of(notAfter, notAfter, a.issuerId(), a.issuerId(), a.serial()));
        }
        sql.append(" AND NOT EXISTS (SELECT 1 FROM expiry_notices e WHERE e.issuer_id = c.issuer_id AND e.serial = c.serial"
                + " AND e.notice_window = ?)");
        args.add(q.window());
        sql.append(" AND NOT ").append(SUPERSEDED_BY_SANS).append(" AND NOT ").append(SUPERSEDED_WITHOUT_SANS);
        sql.append(" ORDER BY c.not_after, c.issuer_id, c.serial LIMIT ").append(q.limit());

        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                st.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[]{rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6)});
                }
            }
        }
        Map<String, List<San>> sans = sans(c, rows);
        List<ExpiringCertificate> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new ExpiringCertificate((String) r[0], (String) r[1], (String) r[2],
                    sans.getOrDefault(key((String) r[0], (String) r[1]), List.of()), Optional.ofNullable((String) r[3]),
                    (String) r[4], Micros.toInstant((Long) r[5])));
        }
        return out;
    }

    private static Map<String, List<San>> sans(Connection c, List<Object[]> rows) throws SQLException {
        Map<String, List<San>> out = new HashMap<>();
        for (int from = 0; from < rows.size(); from += SAN_CHUNK) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + SAN_CHUNK));
            String where = String.join(" OR ", Collections.nCopies(chunk.size(), "(issuer_id = ? AND serial = ?)"));
            try (PreparedStatement st = c.prepareStatement("SELECT issuer_id, serial, san_type, san_value"
                    + " FROM certificate_sans WHERE " + where + " ORDER BY issuer_id, serial, position")) {
                int i = 1;
                for (Object[] r : chunk) {
                    st.setString(i++, (String) r[0]);
                    st.setString(i++, (String) r[1]);
                }
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(key(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                                .add(new San(SanType.valueOf(rs.getString(3)), rs.getString(4)));
                    }
                }
            }
        }
        return out;
    }

    private static String key(String issuerId, String serial) {
        return issuerId + "/" + serial;
    }
}
