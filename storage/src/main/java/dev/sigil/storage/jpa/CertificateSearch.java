package dev.sigil.storage.jpa;

import dev.sigil.storage.certificate.CertificateQuery;
import dev.sigil.storage.certificate.CertificateSort;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.SanType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the HQL for {@link CertificateQuery}: every filter is an AND-ed condition with a bound parameter,
 * followed by the keyset condition of the cursor and the order. Fetches one row more than the page size to learn
 * whether another page follows. Filters on other tables (SANs, ACME orders) are row-value IN subqueries, which
 * MariaDB runs as semi-joins: it may start from the subquery's index (all certificates of an account, all SANs
 * under a suffix) instead of walking the certificates in order. docs/DECISIONS.md has the query plans.
 */
final class CertificateSearch {

    private static final String VALID = CertificateStatus.VALID.name();
    private static final String REVOKED = CertificateStatus.REVOKED.name();

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final CertificateSort sort;
    private final boolean descending;

    private CertificateSearch(CertificateSort sort, boolean descending) {
        this.sort = sort;
        this.descending = descending;
    }

    /** @throws IllegalArgumentException for a malformed cursor, or one of another order */
    static CertificateSearch of(CertificateQuery q) {
        CertificateSearch s = new CertificateSearch(q.sort(), q.descending());
        long now = Micros.of(q.now());
        q.status().ifPresent(status -> {
            switch (status) {
                case VALID -> s.where("c.status = :valid and c.notAfter >= :now", "valid", VALID, "now", now);
                case EXPIRED -> s.where("c.status = :valid and c.notAfter < :now", "valid", VALID, "now", now);
                case REVOKED -> s.where("c.status = :revoked", "revoked", REVOKED);
            }
        });
        q.expiringBefore().ifPresent(before -> s.where(
                "c.status = :valid and c.notAfter >= :now and c.notAfter < :expiringBefore",
                "valid", VALID, "now", now, "expiringBefore", Micros.of(before)));
        q.san().ifPresent(s::san);
        q.owner().ifPresent(owner -> s.where("c.owner = :owner", "owner", owner));
        q.profile().ifPresent(profile -> s.where("c.profile = :profile", "profile", profile));
        q.issuerId().ifPresent(issuer -> s.where("c.issuerId = :issuerId", "issuerId", issuer));
        q.acmeAccount().ifPresent(account -> s.where("(c.issuerId, c.serial) in (select o.certificateIssuerId,"
                + " o.certificateSerial from AcmeOrder o where o.accountId = :acmeAccount"
                + " and o.certificateSerial is not null)", "acmeAccount", account));
        q.issuedAfter().ifPresent(t -> s.where("c.issuedAt >= :issuedAfter", "issuedAfter", Micros.of(t)));
        q.issuedBefore().ifPresent(t -> s.where("c.issuedAt < :issuedBefore", "issuedBefore", Micros.of(t)));
        q.cursor().map(PageCursor::decode).ifPresent(s::after);
        return s;
    }

    /** The query for one page plus one look-ahead row. */
    TypedQuery<CertificateEntity> query(EntityManager em, int limit) {
        String direction = descending ? " desc" : " asc";
        String order = " order by " + (sort == CertificateSort.SERIAL ? "" : keyColumn() + direction + ", ")
                + "c.serial" + direction + ", c.issuerId" + direction;
        String hql = "select c from Certificate c"
                + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions)) + order;
        TypedQuery<CertificateEntity> query = em.createQuery(hql, CertificateEntity.class);
        parameters.forEach(query::setParameter);
        return query.setMaxResults(limit + 1);
    }

    /** The cursor after {@code last}, a row of this search's page. */
    PageCursor cursorAfter(CertificateEntity last) {
        long key = switch (sort) {
            case ISSUED -> last.issuedAt();
            case EXPIRY -> last.notAfterMicros();
            case SERIAL -> 0;
        };
        return new PageCursor(sort, descending, key, last.key().serial(), last.key().issuerId());
    }

    private void san(String filter) {
        String lower = filter.toLowerCase(Locale.ROOT);
        SanFilter dns = SanFilter.of(lower);
        String subquery = "(c.issuerId, c.serial) in (select s.issuerId, s.serial from CertificateSan s where ";
        if (lower.equals(filter)) {
            // DNS names are stored lower-case, so a lower-case filter needs no condition on the type.
            where(subquery + dns.condition("san") + ")", "san", dns.text());
        } else {
            SanFilter exact = SanFilter.of(filter);
            where(subquery + "(s.type = :dns and " + dns.condition("sanLower") + ") or (s.type <> :dns and "
                    + exact.condition("san") + "))", "dns", SanType.DNS.name(), "sanLower", dns.text(),
                    "san", exact.text());
        }
    }

    /**
     * Rows strictly after the cursor in this order. The redundant bound on the first column lets the range
     * optimizer start the index scan at the cursor instead of filtering every row before it.
     */
    private void after(PageCursor cursor) {
        if (cursor.sort() != sort || cursor.descending() != descending) {
            throw new IllegalArgumentException("the cursor belongs to another sort order");
        }
        String op = descending ? "<" : ">";
        String tail = "(c.serial " + op + " :afterSerial or (c.serial = :afterSerial and c.issuerId " + op
                + " :afterIssuer))";
        if (sort == CertificateSort.SERIAL) {
            where("c.serial " + op + "= :afterSerial and " + tail,
                    "afterSerial", cursor.serial(), "afterIssuer", cursor.issuerId());
        } else {
            String key = keyColumn();
            where(key + " " + op + "= :afterKey and (" + key + " " + op + " :afterKey or (" + key
                            + " = :afterKey and " + tail + "))",
                    "afterKey", cursor.key(), "afterSerial", cursor.serial(), "afterIssuer", cursor.issuerId());
        }
    }

    private String keyColumn() {
        return sort == CertificateSort.EXPIRY ? "c.notAfter" : "c.issuedAt";
    }

    /** Adds a condition; {@code nameValuePairs} alternate parameter names and values. */
    private void where(String condition, Object... nameValuePairs) {
        conditions.add("(" + condition + ")");
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            parameters.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
        }
    }
}
