package dev.sigil.storage.jpa;

import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;

/**
 * Replay nonces in {@code acme_nonces}. Hot path: one statement per call, no audit, no audit-head lock.
 * A nonce is live while {@code expires_at > now}.
 */
final class JpaAcmeNonces {

    private final Transactions tx;

    JpaAcmeNonces(Transactions tx) {
        this.tx = tx;
    }

    /** One transaction; Hibernate sends the inserts as JDBC batches (assigned keys, no IDENTITY). */
    void add(List<String> nonces, Instant expiresAt) {
        nonces.forEach(n -> AcmeLimits.check("nonce", n, AcmeLimits.NONCE));
        long expires = Micros.of(expiresAt);
        if (nonces.isEmpty()) {
            return;
        }
        tx.write("add ACME nonces", em -> {
            nonces.forEach(n -> em.persist(new AcmeNonceEntity(n, expires)));
            return null;
        });
    }

    /**
     * Redeems by deleting: the row lock makes exactly one concurrent DELETE see the row, on one node or across
     * a cluster, so a nonce can never be accepted twice. Client input that cannot be a stored nonce is refused
     * without a round trip.
     */
    boolean redeem(String nonce, Instant now) {
        if (!AcmeLimits.fits(nonce, AcmeLimits.NONCE)) {
            return false;
        }
        long at = Micros.of(now);
        return tx.write("redeem ACME nonce", em -> em
                .createQuery("delete from AcmeNonce n where n.nonce = :nonce and n.expiresAt > :now")
                .setParameter("nonce", nonce)
                .setParameter("now", at)
                .executeUpdate() == 1);
    }

    /** Deletes nonces no longer live at {@code nowMicros}, inside the caller's transaction. */
    static int deleteExpired(EntityManager em, long nowMicros) {
        return em.createQuery("delete from AcmeNonce n where n.expiresAt <= :now")
                .setParameter("now", nowMicros)
                .executeUpdate();
    }
}
