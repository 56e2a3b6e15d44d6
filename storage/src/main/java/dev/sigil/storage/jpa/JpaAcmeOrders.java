package dev.sigil.storage.jpa;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeChallenge;
import dev.sigil.storage.acme.AcmeIdentifier;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.certificate.Page;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Orders with their identifiers and authorization links. Creating an order also writes its new authorizations
 * and their challenges; status changes are conditional UPDATEs (see {@link #transition}).
 */
final class JpaAcmeOrders {

    private final Transactions tx;

    JpaAcmeOrders(Transactions tx) {
        this.tx = tx;
    }

    void create(AcmeOrder order, List<AcmeAuthorization> newAuthorizations) {
        AcmeOrderChecks.check(order, newAuthorizations);
        Set<String> newIds = new HashSet<>();
        newAuthorizations.forEach(a -> newIds.add(a.id()));
        List<String> reused = order.authorizationIds().stream().filter(id -> !newIds.contains(id)).distinct().toList();
        tx.write("create ACME order", em -> {
            checkReusable(em, order, reused);
            // Parents before children, each table's rows together: inserts batch and foreign keys hold row by row.
            em.persist(AcmeOrderEntity.from(order));
            newAuthorizations.forEach(a -> em.persist(AcmeAuthorizationEntity.from(a)));
            for (int i = 0; i < order.identifiers().size(); i++) {
                em.persist(new AcmeOrderIdentifierEntity(order.id(), i, order.identifiers().get(i)));
            }
            for (int i = 0; i < order.authorizationIds().size(); i++) {
                em.persist(new AcmeOrderAuthorizationEntity(order.id(), i, order.authorizationIds().get(i)));
            }
            for (AcmeAuthorization a : newAuthorizations) {
                List<AcmeChallenge> challenges = a.challenges();
                for (int i = 0; i < challenges.size(); i++) {
                    em.persist(AcmeChallengeEntity.from(challenges.get(i), i));
                }
            }
            return null;
        });
    }

    Optional<AcmeOrder> find(String id) {
        if (!AcmeLimits.fits(id, AcmeLimits.ID)) {
            return Optional.empty();
        }
        return tx.read("find ACME order", em -> Optional.ofNullable(em.find(AcmeOrderEntity.class, id))
                .map(o -> withChildren(em, List.of(o)).getFirst()));
    }

    /** Oldest first: ORDER BY created_at, id, served by ix_acme_orders_account. */
    Page<AcmeOrder> ofAccount(String accountId, Optional<String> cursor, int limit) {
        AcmeLimits.checkPageSize(limit);
        Optional<AcmeCursor> after = cursor.map(AcmeCursor::decode); // outside the transaction: no DB error
        return tx.read("list ACME orders", em -> {
            TypedQuery<AcmeOrderEntity> query = em.createQuery("select o from AcmeOrder o where o.accountId = :account"
                    + after.map(c -> " and (o.createdAt > :afterAt or (o.createdAt = :afterAt and o.id > :afterId))")
                    .orElse("")
                    + " order by o.createdAt, o.id", AcmeOrderEntity.class)
                    .setParameter("account", accountId)
                    .setMaxResults(limit + 1);
            after.ifPresent(c -> query.setParameter("afterAt", c.createdAtMicros()).setParameter("afterId", c.id()));
            List<AcmeOrderEntity> rows = query.getResultList();
            boolean more = rows.size() > limit;
            List<AcmeOrderEntity> page = more ? rows.subList(0, limit) : rows;
            Optional<String> next = more
                    ? Optional.of(new AcmeCursor(page.getLast().createdAt(), page.getLast().id()).encode())
                    : Optional.empty();
            return new Page<>(withChildren(em, page), next);
        });
    }

    Optional<AcmeOrder> byCertificate(String issuerId, String serial) {
        if (!AcmeLimits.fits(issuerId, ColumnLimits.ISSUER_ID) || !AcmeLimits.fits(serial, AcmeOrderChecks.SERIAL)) {
            return Optional.empty();
        }
        return tx.read("find ACME order by certificate", em -> em
                .createQuery("select o from AcmeOrder o where o.certificateIssuerId = :issuer"
                        + " and o.certificateSerial = :serial", AcmeOrderEntity.class)
                .setParameter("issuer", issuerId)
                .setParameter("serial", serial)
                .getResultList().stream().findFirst().map(o -> withChildren(em, List.of(o)).getFirst()));
    }

    /**
     * Compare-and-set on the status column. The certificate columns are unique together, so recording a
     * certificate that another order already holds is a CONFLICT.
     */
    boolean transition(String orderId, AcmeStatus.Order expected, AcmeStatus.Order next, Optional<String> errorJson,
                       Optional<String> certificateIssuerId, Optional<String> certificateSerial) {
        AcmeOrderChecks.checkTransition(next, errorJson, certificateIssuerId, certificateSerial);
        if (!AcmeLimits.fits(orderId, AcmeLimits.ID)) {
            return false;
        }
        return tx.write("transition ACME order", em -> em
                .createQuery("update AcmeOrder o set o.status = :next, o.errorJson = :error,"
                        + " o.certificateIssuerId = :issuer, o.certificateSerial = :serial"
                        + " where o.id = :id and o.status = :expected")
                .setParameter("next", AcmeStatusText.of(next))
                .setParameter("error", errorJson.orElse(null))
                .setParameter("issuer", certificateIssuerId.orElse(null))
                .setParameter("serial", certificateSerial.orElse(null))
                .setParameter("id", orderId)
                .setParameter("expected", AcmeStatusText.of(expected))
                .executeUpdate() == 1);
    }

    /** Ready → processing, noting when (crash recovery reads it). Compare-and-set on the status column. */
    boolean startFinalization(String orderId, Instant at) {
        if (!AcmeLimits.fits(orderId, AcmeLimits.ID)) {
            return false;
        }
        return tx.write("start ACME finalization", em -> em
                .createQuery("update AcmeOrder o set o.status = :processing, o.processingSince = :since,"
                        + " o.errorJson = null where o.id = :id and o.status = :ready")
                .setParameter("processing", AcmeStatusText.of(AcmeStatus.Order.PROCESSING))
                .setParameter("since", Micros.of(at))
                .setParameter("id", orderId)
                .setParameter("ready", AcmeStatusText.of(AcmeStatus.Order.READY))
                .executeUpdate() == 1);
    }

    /** Orders processing since {@code startedBeforeMicros} or earlier become invalid with {@code errorJson}. */
    static int failAbandoned(EntityManager em, long startedBeforeMicros, String errorJson) {
        return em.createQuery("update AcmeOrder o set o.status = :invalid, o.errorJson = :error"
                        + " where o.status = :processing and o.processingSince <= :before")
                .setParameter("invalid", AcmeStatusText.of(AcmeStatus.Order.INVALID))
                .setParameter("error", errorJson)
                .setParameter("processing", AcmeStatusText.of(AcmeStatus.Order.PROCESSING))
                .setParameter("before", startedBeforeMicros)
                .executeUpdate();
    }

    /** Pending and ready orders no longer live at {@code nowMicros} become invalid with {@code errorJson}. */
    static int expire(EntityManager em, long nowMicros, String errorJson) {
        return em.createQuery("update AcmeOrder o set o.status = :invalid, o.errorJson = :error"
                        + " where o.status in (:pending, :ready) and o.expiresAt <= :now")
                .setParameter("invalid", AcmeStatusText.of(AcmeStatus.Order.INVALID))
                .setParameter("error", errorJson)
                .setParameter("pending", AcmeStatusText.of(AcmeStatus.Order.PENDING))
                .setParameter("ready", AcmeStatusText.of(AcmeStatus.Order.READY))
                .setParameter("now", nowMicros)
                .executeUpdate();
    }

    /**
     * Reused authorizations must exist and belong to the order's account and directory: an order must never
     * lean on another account's proof of control.
     */
    private static void checkReusable(EntityManager em, AcmeOrder order, List<String> reused) {
        if (reused.isEmpty()) {
            return;
        }
        long found = em.createQuery("select count(a) from AcmeAuthorization a where a.id in :ids"
                        + " and a.accountId = :account and a.directory = :directory", Long.class)
                .setParameter("ids", reused)
                .setParameter("account", order.accountId())
                .setParameter("directory", order.directory())
                .getSingleResult();
        if (found != reused.size()) {
            throw new StorageException(StorageException.Kind.NOT_FOUND,
                    "create ACME order: a reused authorization does not exist for this account");
        }
    }

    /** Loads identifiers and authorization links of all {@code orders} (two queries) and builds the records. */
    private static List<AcmeOrder> withChildren(EntityManager em, List<AcmeOrderEntity> orders) {
        if (orders.isEmpty()) {
            return List.of();
        }
        List<String> ids = orders.stream().map(AcmeOrderEntity::id).toList();
        Map<String, List<AcmeIdentifier>> identifiers = new HashMap<>();
        em.createQuery("select i from AcmeOrderIdentifier i where i.orderId in :ids order by i.orderId, i.position",
                        AcmeOrderIdentifierEntity.class)
                .setParameter("ids", ids)
                .getResultList()
                .forEach(i -> identifiers.computeIfAbsent(i.orderId(), k -> new ArrayList<>()).add(i.toIdentifier()));
        Map<String, List<String>> authorizations = new HashMap<>();
        em.createQuery("select l from AcmeOrderAuthorization l where l.orderId in :ids order by l.orderId, l.position",
                        AcmeOrderAuthorizationEntity.class)
                .setParameter("ids", ids)
                .getResultList()
                .forEach(l -> authorizations.computeIfAbsent(l.orderId(), k -> new ArrayList<>()).add(l.authorizationId()));
        return orders.stream().map(o -> o.toRecord(identifiers.getOrDefault(o.id(), List.of()),
                authorizations.getOrDefault(o.id(), List.of()))).toList();
    }
}
