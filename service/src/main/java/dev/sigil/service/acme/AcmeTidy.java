package dev.sigil.service.acme;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeRecovery;
import dev.sigil.storage.acme.AcmeStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * ACME housekeeping on a fixed period: deletes expired nonces and marks pending authorizations and orders past their
 * expiry (RFC 8555 §7.1.6). Each node runs it; the statements are idempotent, so several nodes doing it at once
 * change nothing twice. The protocol layer already treats lapsed objects as expired when it reads them; this keeps
 * the tables small and the stored state honest. (The Quartz scheduler of the lifecycle issue will take this over.)
 *
 * <p>It is also crash recovery: an order or challenge processing for longer than {@code processingTimeout} was
 * abandoned by a node that died mid-finalize or mid-validation (a live node finishes well within it), so it is
 * failed with serverInternal ({@link AcmeStore#recoverAbandoned}). The first pass runs at start-up.
 */
public final class AcmeTidy implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AcmeTidy.class.getName());

    private final AcmeStore store;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Duration processingTimeout;

    private AcmeTidy(AcmeStore store, Duration processingTimeout, Clock clock, ScheduledExecutorService timer) {
        this.store = store;
        this.processingTimeout = processingTimeout;
        this.clock = clock;
        this.timer = timer;
    }

    static AcmeTidy start(AcmeStore store, Duration every, Duration processingTimeout, Clock clock) {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("sigil.acme.tidy-interval must be positive");
        }
        if (processingTimeout.isNegative() || processingTimeout.isZero()) {
            throw new IllegalArgumentException("sigil.acme.processing-timeout must be positive");
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sigil-acme-tidy");
            t.setDaemon(true);
            return t;
        });
        AcmeTidy tidy = new AcmeTidy(store, processingTimeout, clock, timer);
        timer.scheduleWithFixedDelay(tidy::runQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return tidy;
    }

    /** One pass now; returns how many rows changed. */
    public int runOnce() {
        Instant now = clock.instant();
        int expired = store.expire(now);
        AcmeRecovery recovered = store.recoverAbandoned(now.minus(processingTimeout));
        if (recovered.total() > 0) {
            LOG.log(System.Logger.Level.WARNING, "ACME recovery: failed {0} order(s) and {1} challenge(s) left"
                    + " processing for over {2} by a node that stopped", recovered.orders(), recovered.challenges(),
                    processingTimeout);
        }
        return expired + recovered.total();
    }

    private void runQuietly() {
        try {
            int changed = runOnce();
            if (changed > 0) {
                LOG.log(System.Logger.Level.DEBUG, "ACME tidy: {0} expired rows", changed);
            }
        } catch (StorageException e) { // the database is away: try again next period
            LOG.log(System.Logger.Level.WARNING, "ACME tidy skipped: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "ACME tidy failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
