package dev.sigil.service.bench;

import org.shredzone.acme4j.exception.AcmeException;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Optionally keeps the generator's authorization fetches apart from its newOrder calls: needed for Debian's pebble
 * 2.4 only, which otherwise deadlocks within seconds under a few dozen concurrent clients. Pebble's authorization
 * handler holds the authorization's write lock while it takes its store's read lock; newOrder holds the store's read
 * lock while it read-locks every authorization in turn (to find one to reuse); and any store write queued between
 * them (Go's RWMutex then refuses new readers) closes the cycle. With the gate, newOrders still run concurrently with
 * each other, and authorization fetches one at a time between them (fair: neither side starves). The server's work
 * is unchanged; only the client-side ordering is, and {@code bench/acme.sh} enables it for pebble alone.
 */
final class AuthzGate {

    /** One ACME request that may fail. */
    @FunctionalInterface
    interface AcmeCall<T> {
        T call() throws AcmeException;
    }

    private final Lock newOrders;
    private final Lock authzFetches;

    private AuthzGate(ReentrantReadWriteLock lock) {
        this.newOrders = lock == null ? null : lock.readLock();
        this.authzFetches = lock == null ? null : lock.writeLock();
    }

    /** No ordering: every request goes out as soon as its client sends it. */
    static AuthzGate open() {
        return new AuthzGate(null);
    }

    /** Authorization fetches exclusive of newOrder calls. */
    static AuthzGate exclusive() {
        return new AuthzGate(new ReentrantReadWriteLock(true));
    }

    <T> T newOrder(AcmeCall<T> call) throws AcmeException {
        return guarded(newOrders, call);
    }

    <T> T fetchAuthz(AcmeCall<T> call) throws AcmeException {
        return guarded(authzFetches, call);
    }

    private static <T> T guarded(Lock lock, AcmeCall<T> call) throws AcmeException {
        if (lock == null) {
            return call.call();
        }
        lock.lock();
        try {
            return call.call();
        } finally {
            lock.unlock();
        }
    }
}
