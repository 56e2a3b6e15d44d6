package dev.sigil.service.acme;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeStore;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * ACME housekeeping on a fixed period: deletes expired nonces and marks pending authorizations and orders past their
 * expiry (RFC 8555 §7.1.6). Each node runs it; the statements are idempotent, so several nodes doing it at once
 * change nothing twice. The protocol layer already treats lapsed objects as expired when it reads them; this keeps
 * the tables small and the stored state honest. (The Quartz scheduler of the lifecycle issue will take this over.)
 */
public final class AcmeTidy implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AcmeTidy.class.getName());

    private final AcmeStore store;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    private AcmeTidy(AcmeStore store, Clock clock, ScheduledExecutorService timer) {
        this.store = store;
        this.clock = clock;
        this.timer = timer;
    }

    static AcmeTidy start(AcmeStore store, Duration every, Clock clock) {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("sigil.acme.tidy-interval must be positive");
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sigil-acme-tidy");
            t.setDaemon(true);
            return t;
        });
        AcmeTidy tidy = new AcmeTidy(store, clock, timer);
        timer.scheduleWithFixedDelay(tidy::runQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return tidy;
    }

    /** One pass now; returns how many rows changed. */
    public int runOnce() {
        return store.expire(clock.instant());
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
