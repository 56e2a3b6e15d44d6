package dev.sigil.storage.jpa;

import dev.sigil.storage.certificate.CertificateQuery;
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
 * followed by the keyset condition of the cursor and the newest-first order. Fetches one row more than the
 * page size to learn whether another page follows.
 */
final class CertificateSearch {

    /** Same direction on every key column, so the (issued_at, serial, issuer_id) index serves it backwards. */
    private static final String ORDER = " order by c.issuedAt desc, c.serial desc, c.issuerId desc";
    private static final String VALID = CertificateStatus.VALID.name();
    private static final String REVOKED = CertificateStatus.REVOKED.name();

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    private CertificateSearch() {
    }

    static CertificateSearch of(CertificateQuery q) {
        CertificateSearch s = new CertificateSearch();
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
        q.san().ifPresent(san -> s.where("exists (select 1 from CertificateSan s where s.issuerId = c.issuerId"
                        + " and s.serial = c.serial and ((s.type = :dns and s.value = :sanLower)"
                        + " or (s.type <> :dns and s.value = :san)))",
                "dns", SanType.DNS.name(), "sanLower", san.toLowerCase(Locale.ROOT), "san", san));
        q.owner().ifPresent(owner -> s.where("c.owner = :owner", "owner", owner));
        q.profile().ifPresent(profile -> s.where("c.profile = :profile", "profile", profile));
        q.issuerId().ifPresent(issuer -> s.where("c.issuerId = :issuerId", "issuerId", issuer));
        q.cursor().map(PageCursor::decode).ifPresent(after -> s.where(
                "(c.issuedAt < :afterAt or (c.issuedAt = :afterAt and (c.serial < :afterSerial"
                        + " or (c.serial = :afterSerial and c.issuerId < :afterIssuer))))",
                "afterAt", after.issuedAtMicros(), "afterSerial", after.serial(), "afterIssuer", after.issuerId()));
        return s;
    }

    /** The query for one page plus one look-ahead row. */
    TypedQuery<CertificateEntity> query(EntityManager em, int limit) {
        String hql = "select c from Certificate c"
                + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions)) + ORDER;
        TypedQuery<CertificateEntity> query = em.createQuery(hql, CertificateEntity.class);
        parameters.forEach(query::setParameter);
        return query.setMaxResults(limit + 1);
    }

    /** Adds a condition; {@code nameValuePairs} alternate parameter names and values. */
    private void where(String condition, Object... nameValuePairs) {
        conditions.add("(" + condition + ")");
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            parameters.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
        }
    }
}
