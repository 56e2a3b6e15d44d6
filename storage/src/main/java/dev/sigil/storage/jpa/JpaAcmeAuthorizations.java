package dev.sigil.storage.jpa;

import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeChallenge;
import dev.sigil.storage.acme.AcmeIdentifier;
import dev.sigil.storage.acme.AcmeStatus;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Authorizations and their challenges. Every state change is one conditional UPDATE naming the status it expects,
 * so of two racing requests exactly one sees its row count of 1. No audit: these are per-order protocol steps,
 * not account-level changes.
 */
final class JpaAcmeAuthorizations {

    private static final String PENDING = AcmeStatusText.of(AcmeStatus.Authorization.PENDING);
    private static final String VALID = AcmeStatusText.of(AcmeStatus.Authorization.VALID);
    private static final String PROCESSING = AcmeStatusText.of(AcmeStatus.Challenge.PROCESSING);

    private final Transactions tx;

    JpaAcmeAuthorizations(Transactions tx) {
        this.tx = tx;
    }

    Optional<AcmeAuthorization> find(String id) {
        if (!AcmeLimits.fits(id, AcmeLimits.ID)) {
            return Optional.empty();
        }
        return tx.read("find ACME authorization", em -> Optional.ofNullable(em.find(AcmeAuthorizationEntity.class, id))
                .map(a -> withChallenges(em, List.of(a)).getFirst()));
    }

    Optional<AcmeChallenge> challenge(String id) {
        if (!AcmeLimits.fits(id, AcmeLimits.ID)) {
            return Optional.empty();
        }
        return tx.read("find ACME challenge", em -> Optional.ofNullable(em.find(AcmeChallengeEntity.class, id))
                .map(AcmeChallengeEntity::toRecord));
    }

    /** Served by ix_acme_authorizations_reuse; oldest first, so callers see a stable order. */
    List<AcmeAuthorization> reusable(String accountId, String directory, List<AcmeIdentifier> identifiers,
                                     boolean wildcard, Instant expiresAfter) {
        long after = Micros.of(expiresAfter);
        Map<String, List<String>> valuesByType = identifiers.stream()
                .filter(i -> AcmeLimits.fits(i.type(), AcmeLimits.IDENTIFIER_TYPE)
                        && AcmeLimits.fits(i.value(), AcmeLimits.IDENTIFIER_VALUE))
                .collect(Collectors.groupingBy(AcmeIdentifier::type, LinkedHashMap::new,
                        Collectors.mapping(AcmeIdentifier::value, Collectors.toList())));
        if (valuesByType.isEmpty()) {
            return List.of();
        }
        List<String> byType = new ArrayList<>();
        for (int i = 0; i < valuesByType.size(); i++) {
            byType.add("(a.identifierType = :type" + i + " and a.identifierValue in :values" + i + ")");
        }
        return tx.read("find reusable ACME authorizations", em -> {
            TypedQuery<AcmeAuthorizationEntity> query = em.createQuery("select a from AcmeAuthorization a"
                            + " where a.accountId = :account and a.directory = :directory and a.wildcard = :wildcard"
                            + " and a.status in (:pending, :valid) and a.expiresAt > :after"
                            + " and (" + String.join(" or ", byType) + ") order by a.createdAt, a.id",
                    AcmeAuthorizationEntity.class)
                    .setParameter("account", accountId)
                    .setParameter("directory", directory)
                    .setParameter("wildcard", wildcard)
                    .setParameter("pending", PENDING)
                    .setParameter("valid", VALID)
                    .setParameter("after", after);
            int i = 0;
            for (Map.Entry<String, List<String>> e : valuesByType.entrySet()) {
                query.setParameter("type" + i, e.getKey()).setParameter("values" + i, e.getValue());
                i++;
            }
            return withChallenges(em, query.getResultList());
        });
    }

    boolean startValidation(String challengeId, Instant at) {
        if (!AcmeLimits.fits(challengeId, AcmeLimits.ID)) {
            return false;
        }
        return tx.write("start ACME validation", em -> em
                .createQuery("update AcmeChallenge c set c.status = :processing, c.processingSince = :since"
                        + " where c.id = :id and c.status = :pending")
                .setParameter("processing", PROCESSING)
                .setParameter("since", Micros.of(at))
                .setParameter("pending", AcmeStatusText.of(AcmeStatus.Challenge.PENDING))
                .setParameter("id", challengeId)
                .executeUpdate() == 1);
    }

    /**
     * The challenge first (the guard: only a processing one moves), then its authorization, which moves only
     * while pending: another challenge of it may have decided already, or the client deactivated it. A valid
     * outcome arriving after the pending authorization expired leaves it pending, for {@code expire} to end.
     */
    boolean finishValidation(String challengeId, boolean valid, Optional<String> errorJson, Instant at,
                             Instant validAuthorizationExpires) {
        if (valid && errorJson.isPresent()) {
            throw new IllegalArgumentException("a valid challenge carries no error");
        }
        errorJson.ifPresent(e -> AcmeLimits.check("challenge error", e, AcmeLimits.JSON_TEXT));
        long atMicros = Micros.of(at);
        long expires = Micros.of(validAuthorizationExpires);
        if (!AcmeLimits.fits(challengeId, AcmeLimits.ID)) {
            return false;
        }
        return tx.write("finish ACME validation", em -> {
            int changed = em.createQuery("update AcmeChallenge c set c.status = :status, c.validatedAt = :validatedAt,"
                            + " c.errorJson = :error where c.id = :id and c.status = :processing")
                    .setParameter("status", AcmeStatusText.of(valid ? AcmeStatus.Challenge.VALID
                            : AcmeStatus.Challenge.INVALID))
                    .setParameter("validatedAt", valid ? atMicros : null)
                    .setParameter("error", errorJson.orElse(null))
                    .setParameter("id", challengeId)
                    .setParameter("processing", PROCESSING)
                    .executeUpdate();
            if (changed != 1) {
                return false;
            }
            String authorizationId = em.createQuery("select c.authorizationId from AcmeChallenge c where c.id = :id",
                    String.class).setParameter("id", challengeId).getSingleResult();
            if (valid) {
                em.createQuery("update AcmeAuthorization a set a.status = :valid, a.expiresAt = :expires"
                                + " where a.id = :id and a.status = :pending and a.expiresAt > :at")
                        .setParameter("valid", VALID)
                        .setParameter("expires", expires)
                        .setParameter("id", authorizationId)
                        .setParameter("pending", PENDING)
                        .setParameter("at", atMicros)
                        .executeUpdate();
            } else {
                em.createQuery("update AcmeAuthorization a set a.status = :invalid where a.id = :id and a.status = :pending")
                        .setParameter("invalid", AcmeStatusText.of(AcmeStatus.Authorization.INVALID))
                        .setParameter("id", authorizationId)
                        .setParameter("pending", PENDING)
                        .executeUpdate();
            }
            return true;
        });
    }

    boolean deactivate(String authorizationId) {
        if (!AcmeLimits.fits(authorizationId, AcmeLimits.ID)) {
            return false;
        }
        return tx.write("deactivate ACME authorization", em -> em
                .createQuery("update AcmeAuthorization a set a.status = :deactivated"
                        + " where a.id = :id and a.status in (:pending, :valid)")
                .setParameter("deactivated", AcmeStatusText.of(AcmeStatus.Authorization.DEACTIVATED))
                .setParameter("id", authorizationId)
                .setParameter("pending", PENDING)
                .setParameter("valid", VALID)
                .executeUpdate() == 1);
    }

    /** Pending authorizations no longer live at {@code nowMicros} become expired, in the caller's transaction. */
    static int expire(EntityManager em, long nowMicros) {
        return em.createQuery("update AcmeAuthorization a set a.status = :expired"
                        + " where a.status = :pending and a.expiresAt <= :now")
                .setParameter("expired", AcmeStatusText.of(AcmeStatus.Authorization.EXPIRED))
                .setParameter("pending", PENDING)
                .setParameter("now", nowMicros)
                .executeUpdate();
    }

    /**
     * Challenges processing since {@code startedBeforeMicros} or earlier, abandoned by a dead node, become invalid
     * with {@code errorJson}; their authorizations, while pending, become invalid too (as a failed validation would
     * leave them). In the caller's transaction; the authorizations first, while the challenges still say which.
     */
    static int failAbandoned(EntityManager em, long startedBeforeMicros, String errorJson) {
        em.createQuery("update AcmeAuthorization a set a.status = :invalid where a.status = :pending and a.id in"
                        + " (select c.authorizationId from AcmeChallenge c where c.status = :processing"
                        + " and c.processingSince <= :before)")
                .setParameter("invalid", AcmeStatusText.of(AcmeStatus.Authorization.INVALID))
                .setParameter("pending", PENDING)
                .setParameter("processing", PROCESSING)
                .setParameter("before", startedBeforeMicros)
                .executeUpdate();
        return em.createQuery("update AcmeChallenge c set c.status = :invalid, c.errorJson = :error"
                        + " where c.status = :processing and c.processingSince <= :before")
                .setParameter("invalid", AcmeStatusText.of(AcmeStatus.Challenge.INVALID))
                .setParameter("error", errorJson)
                .setParameter("processing", PROCESSING)
                .setParameter("before", startedBeforeMicros)
                .executeUpdate();
    }

    /** Loads the challenges of all {@code authorizations} in one query and builds the records, in the given order. */
    static List<AcmeAuthorization> withChallenges(EntityManager em, List<AcmeAuthorizationEntity> authorizations) {
        if (authorizations.isEmpty()) {
            return List.of();
        }
        Map<String, List<AcmeChallenge>> challenges = new HashMap<>();
        em.createQuery("select c from AcmeChallenge c where c.authorizationId in :ids"
                        + " order by c.authorizationId, c.position", AcmeChallengeEntity.class)
                .setParameter("ids", authorizations.stream().map(AcmeAuthorizationEntity::id).toList())
                .getResultList()
                .forEach(c -> challenges.computeIfAbsent(c.authorizationId(), k -> new ArrayList<>()).add(c.toRecord()));
        return authorizations.stream().map(a -> a.toRecord(challenges.getOrDefault(a.id(), List.of()))).toList();
    }
}
