package dev.sigil.storage.jpa;

import dev.sigil.storage.certificate.CertificateQuery;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateRepository;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.Page;
import dev.sigil.storage.certificate.RevocationRecord;
import dev.sigil.storage.certificate.San;
import jakarta.persistence.EntityManager;
import org.hibernate.ScrollMode;
import org.hibernate.ScrollableResults;
import org.hibernate.Session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** The certificate inventory: certificates, their SANs and revocations. */
final class JpaCertificateRepository implements CertificateRepository {

    /** Rows the driver fetches per round trip while streaming revocations (MariaDB streams when this is set). */
    static final int REVOCATION_FETCH_SIZE = 500;

    private final Transactions tx;

    JpaCertificateRepository(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<CertificateRecord> find(String issuerId, String serial) {
        return tx.read("find certificate", em -> {
            CertificateEntity c = em.find(CertificateEntity.class, new CertificateKey(issuerId, serial));
            return c == null ? Optional.<CertificateRecord>empty() : Optional.of(withSans(em, List.of(c)).getFirst());
        });
    }

    @Override
    public List<CertificateRecord> findBySerial(String serial) {
        return tx.read("find certificates by serial", em -> withSans(em, em
                .createQuery("select c from Certificate c where c.serial = :serial order by c.issuerId",
                        CertificateEntity.class)
                .setParameter("serial", serial)
                .getResultList()));
    }

    @Override
    public Page<CertificateRecord> search(CertificateQuery query) {
        CertificateSearch search = CertificateSearch.of(query); // outside the transaction: a bad cursor is no DB error
        return tx.read("search certificates", em -> {
            List<CertificateEntity> rows = search.query(em, query.limit()).getResultList();
            boolean more = rows.size() > query.limit();
            List<CertificateEntity> page = more ? rows.subList(0, query.limit()) : rows;
            Optional<String> next = Optional.empty();
            if (more) {
                next = Optional.of(search.cursorAfter(page.getLast()).encode());
            }
            return new Page<>(withSans(em, page), next);
        });
    }

    @Override
    public void forEachRevocation(String issuerId, Instant certExpiredAfter, Consumer<RevocationRecord> consumer) {
        tx.read("stream revocations", em -> {
            // A scalar projection keeps rows out of the persistence context; a forward-only scroll with a fetch
            // size streams them. Ordered as the primary key (serial text within the issuer), which the index yields
            // without a sort: numeric order (by length, then text) made MariaDB filesort, 2.3 s of a 1M-entry CRL.
            try (ScrollableResults<Object[]> rows = em.unwrap(Session.class)
                    .createSelectionQuery("select r.serial, r.revokedAt, r.reasonCode, r.invalidityDate, r.revokedBy"
                            + " from Revocation r where r.issuerId = :issuerId and r.certNotAfter > :cutoff"
                            + " order by r.serial", Object[].class)
                    .setParameter("issuerId", issuerId)
                    .setParameter("cutoff", Micros.of(certExpiredAfter))
                    .setFetchSize(REVOCATION_FETCH_SIZE)
                    .scroll(ScrollMode.FORWARD_ONLY)) {
                while (rows.next()) {
                    Object[] r = rows.get();
                    consumer.accept(new RevocationRecord(issuerId, (String) r[0], Micros.toInstant((Long) r[1]),
                            (Integer) r[2], Micros.toOptional((Long) r[3]), (String) r[4]));
                }
            }
            return null;
        });
    }

    @Override
    public void forEachRevocationSince(String issuerId, Instant revokedFrom, Instant certExpiredAfter,
                                       Consumer<RevocationRecord> consumer) {
        tx.read("stream revocations since", em -> {
            // A delta CRL's entries: few rows (at most sigil.crl.delta.max-entries), found by the
            // (issuer_id, revoked_at) index, sorted and loaded at once.
            em.createQuery("select r.serial, r.revokedAt, r.reasonCode, r.invalidityDate, r.revokedBy"
                            + " from Revocation r where r.issuerId = :issuerId and r.revokedAt >= :from"
                            + " and r.certNotAfter > :cutoff order by r.serial", Object[].class)
                    .setParameter("issuerId", issuerId)
                    .setParameter("from", Micros.of(revokedFrom))
                    .setParameter("cutoff", Micros.of(certExpiredAfter))
                    .getResultList()
                    .forEach(r -> consumer.accept(new RevocationRecord(issuerId, (String) r[0],
                            Micros.toInstant((Long) r[1]), (Integer) r[2], Micros.toOptional((Long) r[3]), (String) r[4])));
            return null;
        });
    }

    @Override
    public long countRevocationsSince(String issuerId, Instant revokedFrom) {
        return tx.read("count revocations since", em -> em
                .createQuery("select count(r) from Revocation r where r.issuerId = :issuerId and r.revokedAt >= :from",
                        Long.class)
                .setParameter("issuerId", issuerId)
                .setParameter("from", Micros.of(revokedFrom))
                .getSingleResult());
    }

    @Override
    public Map<String, Long> countExpiring(Instant now, Instant before) {
        return tx.read("count expiring", em -> {
            Map<String, Long> counts = new HashMap<>();
            em.createQuery("select c.issuerId, count(c) from Certificate c where c.status = :valid"
                            + " and c.notAfter > :now and c.notAfter <= :before group by c.issuerId", Object[].class)
                    .setParameter("valid", CertificateStatus.VALID.name())
                    .setParameter("now", Micros.of(now))
                    .setParameter("before", Micros.of(before))
                    .getResultList()
                    .forEach(r -> counts.put((String) r[0], (Long) r[1]));
            return counts;
        });
    }

    @Override
    public Optional<Instant> lastRevocation(String issuerId) {
        return tx.read("last revocation", em -> Optional.ofNullable(em
                .createQuery("select max(r.revokedAt) from Revocation r where r.issuerId = :issuerId", Long.class)
                .setParameter("issuerId", issuerId)
                .getSingleResult()).map(Micros::toInstant));
    }

    @Override
    public long countRevocations(String issuerId) {
        return tx.read("count revocations", em -> em
                .createQuery("select count(r) from Revocation r where r.issuerId = :issuerId", Long.class)
                .setParameter("issuerId", issuerId)
                .getSingleResult());
    }

    /** Loads the SANs of all {@code certificates} in one query and builds the records, in the given order. */
    static List<CertificateRecord> withSans(EntityManager em, List<CertificateEntity> certificates) {
        if (certificates.isEmpty()) {
            return List.of();
        }
        // Serials are random, so filtering by serial alone selects (almost) exactly these certificates without
        // needing a tuple IN list; the key check below drops the rare other-issuer match.
        Set<String> serials = certificates.stream().map(c -> c.key().serial()).collect(Collectors.toSet());
        Map<CertificateKey, List<San>> sans = new HashMap<>();
        em.createQuery("select s from CertificateSan s where s.serial in :serials order by s.position", SanEntity.class)
                .setParameter("serials", serials)
                .getResultList()
                .forEach(s -> sans.computeIfAbsent(s.certificate(), k -> new ArrayList<>()).add(s.toSan()));
        return certificates.stream().map(c -> c.toRecord(sans.getOrDefault(c.key(), List.of()))).toList();
    }
}
