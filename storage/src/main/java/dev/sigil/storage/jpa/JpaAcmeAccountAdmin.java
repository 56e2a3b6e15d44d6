package dev.sigil.storage.jpa;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeAccountQuery;
import dev.sigil.storage.acme.AcmeAccountSummary;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.Page;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Operators' view of ACME accounts: listing with what each holds, the certificates issued through an account's orders,
 * and status changes made by an operator. Certificates are reached through {@code acme_orders.certificate_issuer_id}
 * and {@code certificate_serial} (unique), so an account's certificates are one range of
 * {@code ix_acme_orders_account} plus a primary-key probe each.
 */
final class JpaAcmeAccountAdmin {

    private static final String VALID = CertificateStatus.VALID.name();
    private static final String REVOKED = CertificateStatus.REVOKED.name();
    /** An order joined to the certificate it produced (orders without one drop out of an inner join). */
    private static final String ORDER_CERTIFICATE = " on c.issuerId = o.certificateIssuerId"
            + " and c.serial = o.certificateSerial";

    private final Transactions tx;

    JpaAcmeAccountAdmin(Transactions tx) {
        this.tx = tx;
    }

    /** Newest first: ORDER BY created_at DESC, id DESC (ix_acme_accounts_created within a directory, else ix_acme_accounts_listing). */
    Page<AcmeAccountSummary> list(AcmeAccountQuery q) {
        AcmeLimits.checkPageSize(q.limit());
        Optional<AcmeCursor> after = q.cursor().map(AcmeCursor::decode); // outside the transaction: no DB error
        if (q.directory().isPresent() && !AcmeLimits.fits(q.directory().get(), AcmeLimits.DIRECTORY)) {
            return new Page<>(List.of(), Optional.empty()); // cannot exist
        }
        return tx.read("list ACME accounts with counts", em -> {
            List<String> conditions = new ArrayList<>();
            q.directory().ifPresent(d -> conditions.add("a.directory = :directory"));
            q.status().ifPresent(s -> conditions.add("a.status = :status"));
            after.ifPresent(c -> conditions.add("(a.createdAt < :afterAt or (a.createdAt = :afterAt and a.id < :afterId))"));
            TypedQuery<AcmeAccountEntity> query = em.createQuery("select a from AcmeAccount a"
                    + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions))
                    + " order by a.createdAt desc, a.id desc", AcmeAccountEntity.class)
                    .setMaxResults(q.limit() + 1);
            q.directory().ifPresent(d -> query.setParameter("directory", d));
            q.status().ifPresent(s -> query.setParameter("status", AcmeStatusText.of(s)));
            after.ifPresent(c -> query.setParameter("afterAt", c.createdAtMicros()).setParameter("afterId", c.id()));
            List<AcmeAccountEntity> rows = query.getResultList();
            boolean more = rows.size() > q.limit();
            List<AcmeAccountEntity> page = more ? rows.subList(0, q.limit()) : rows;
            Optional<String> next = more
                    ? Optional.of(new AcmeCursor(page.getLast().createdAt(), page.getLast().id()).encode())
                    : Optional.empty();
            return new Page<>(summaries(em, JpaAcmeAccounts.withContacts(em, page), q.now()), next);
        });
    }

    Optional<AcmeAccountSummary> find(String id, Instant now) {
        if (!AcmeLimits.fits(id, AcmeLimits.ID)) {
            return Optional.empty();
        }
        return tx.read("find ACME account with counts", em -> Optional.ofNullable(em.find(AcmeAccountEntity.class, id))
                .map(a -> summaries(em, JpaAcmeAccounts.withContacts(em, List.of(a)), now).getFirst()));
    }

    /** In order creation order: ORDER BY o.created_at, o.id, one range of ix_acme_orders_account. */
    Page<CertificateRecord> certificates(String accountId, Optional<CertificateStatus> status, Instant now,
                                         Optional<String> cursor, int limit) {
        AcmeLimits.checkPageSize(limit);
        Optional<AcmeCursor> after = cursor.map(AcmeCursor::decode);
        if (!AcmeLimits.fits(accountId, AcmeLimits.ID)) {
            return new Page<>(List.of(), Optional.empty());
        }
        long nowMicros = Micros.of(now);
        return tx.read("list an ACME account's certificates", em -> {
            String statusCondition = status.map(s -> switch (s) {
                case VALID -> " and c.status = :valid and c.notAfter >= :now";
                case EXPIRED -> " and c.status = :valid and c.notAfter < :now";
                case REVOKED -> " and c.status = :revoked";
            }).orElse("");
            TypedQuery<Object[]> query = em.createQuery("select c, o.createdAt, o.id from AcmeOrder o"
                    + " join Certificate c" + ORDER_CERTIFICATE
                    + " where o.accountId = :account" + statusCondition
                    + after.map(c -> " and (o.createdAt > :afterAt or (o.createdAt = :afterAt and o.id > :afterId))")
                    .orElse("")
                    + " order by o.createdAt, o.id", Object[].class)
                    .setParameter("account", accountId)
                    .setMaxResults(limit + 1);
            status.ifPresent(s -> {
                if (s == CertificateStatus.REVOKED) {
                    query.setParameter("revoked", REVOKED);
                } else {
                    query.setParameter("valid", VALID).setParameter("now", nowMicros);
                }
            });
            after.ifPresent(c -> query.setParameter("afterAt", c.createdAtMicros()).setParameter("afterId", c.id()));
            List<Object[]> rows = query.getResultList();
            boolean more = rows.size() > limit;
            List<Object[]> page = more ? rows.subList(0, limit) : rows;
            Optional<String> next = more
                    ? Optional.of(new AcmeCursor((Long) page.getLast()[1], (String) page.getLast()[2]).encode())
                    : Optional.empty();
            List<CertificateEntity> certificates = page.stream().map(r -> (CertificateEntity) r[0]).toList();
            return new Page<>(JpaCertificateRepository.withSans(em, certificates), next);
        });
    }

    boolean transition(String id, AcmeStatus.Account expected, AcmeStatus.Account next, AuditEvent event) {
        AuditChain.validate(event);
        if (!AcmeLimits.fits(id, AcmeLimits.ID)) {
            throw new StorageException(StorageException.Kind.NOT_FOUND, "change ACME account status: no such account");
        }
        return tx.write("change ACME account status", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            int changed = em.createQuery("update AcmeAccount a set a.status = :next"
                            + " where a.id = :id and a.status = :expected")
                    .setParameter("next", AcmeStatusText.of(next))
                    .setParameter("id", id)
                    .setParameter("expected", AcmeStatusText.of(expected))
                    .executeUpdate();
            if (changed != 1) {
                if (em.find(AcmeAccountEntity.class, id) == null) {
                    throw new StorageException(StorageException.Kind.NOT_FOUND,
                            "change ACME account status: no such account");
                }
                return false;
            }
            AuditChain.append(em, head, event);
            return true;
        });
    }

    /**
     * The counts of a page of accounts in one grouped query over their orders, each left-joined to the certificate
     * it produced; accounts without orders get zeros.
     */
    private static List<AcmeAccountSummary> summaries(EntityManager em, List<AcmeAccount> accounts, Instant now) {
        if (accounts.isEmpty()) {
            return List.of();
        }
        Map<String, long[]> counts = new HashMap<>();
        em.createQuery("select o.accountId, count(o), count(c.serial),"
                        + " sum(case when c.status = :valid and c.notAfter >= :now then 1 else 0 end)"
                        + " from AcmeOrder o left join Certificate c" + ORDER_CERTIFICATE
                        + " where o.accountId in :ids group by o.accountId", Object[].class)
                .setParameter("valid", VALID)
                .setParameter("now", Micros.of(now))
                .setParameter("ids", accounts.stream().map(AcmeAccount::id).toList())
                .getResultList()
                .forEach(r -> counts.put((String) r[0], new long[] {number(r[1]), number(r[2]), number(r[3])}));
        return accounts.stream().map(a -> {
            long[] c = counts.getOrDefault(a.id(), new long[3]);
            return new AcmeAccountSummary(a, c[0], c[1], c[2]);
        }).toList();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
