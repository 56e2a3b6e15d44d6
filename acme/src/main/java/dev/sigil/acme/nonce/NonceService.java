package dev.sigil.acme.nonce;

import dev.sigil.acme.directory.ResourceIds;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.storage.acme.AcmeStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Anti-replay nonces (RFC 8555 §6.5): 128-bit random, base64url, stored in the database so that any node accepts
 * any node's nonce and a restart forgets none. Every response carries one, so they are written in batches: a node
 * stores {@code batchSize} at once (one transaction) and hands them out until the batch is used up or half its
 * lifetime has passed. Redemption is one conditional delete in the store: a nonce is good exactly once.
 */
public final class NonceService {

    /** 128 bits, as RFC 8555 §6.5.1 suggests at least. */
    public static final int NONCE_BYTES = 16;

    private record Batch(Deque<String> nonces, Instant handOutUntil) {
    }

    private final AcmeStore store;
    private final Clock clock;
    private final Duration lifetime;
    private final int batchSize;
    private final ReentrantLock lock = new ReentrantLock();
    private Batch current = new Batch(new ArrayDeque<>(), Instant.MIN);

    /**
     * @param lifetime  how long a nonce stays redeemable after it was stored
     * @param batchSize how many nonces one store write creates (1 disables batching)
     */
    public NonceService(AcmeStore store, Clock clock, Duration lifetime, int batchSize) {
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        this.lifetime = Objects.requireNonNull(lifetime);
        if (lifetime.isNegative() || lifetime.isZero() || batchSize < 1) {
            throw new IllegalArgumentException("nonce lifetime must be positive and batch size at least 1");
        }
        this.batchSize = batchSize;
    }

    /** A fresh nonce for a Replay-Nonce header; stored (committed) before it is returned. */
    public String next() {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (current.nonces().isEmpty() || !now.isBefore(current.handOutUntil())) {
                current = refill(now);
            }
            return current.nonces().removeFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Consumes {@code nonce}; unknown, used or expired is badNonce (§6.5: the client retries with a fresh one). */
    public void redeem(String nonce) {
        if (nonce.length() > 64 || !store.redeemNonce(nonce, clock.instant())) {
            throw new AcmeProblem(ProblemType.BAD_NONCE, "JWS has an invalid anti-replay nonce");
        }
    }

    private Batch refill(Instant now) {
        List<String> fresh = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            fresh.add(ResourceIds.random(NONCE_BYTES));
        }
        store.addNonces(fresh, now.plus(lifetime));
        // Hand a batch out only during the first half of its life, so every nonce given out stays usable a while.
        return new Batch(new ArrayDeque<>(fresh), now.plus(lifetime.dividedBy(2)));
    }
}
