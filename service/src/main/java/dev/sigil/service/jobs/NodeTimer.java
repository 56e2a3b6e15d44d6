package dev.sigil.service.jobs;

import dev.sigil.service.metrics.SigilMetrics;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Duties every node does for itself, which the clustered {@link SigilScheduler} must not run once per cluster:
 * renewing what lives in this node's memory only (the delegated OCSP responder keys), and this node's metrics
 * (the expiry report). One daemon thread; a
 * failed run is logged and counted, and the next run is the retry.
 */
public final class NodeTimer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NodeTimer.class.getName());

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sigil-node-timer");
        t.setDaemon(true);
        return t;
    });
    private final SigilMetrics metrics;

    public NodeTimer(SigilMetrics metrics) {
        this.metrics = metrics;
    }

    /** Runs {@code duty} now (in the background) and then every {@code interval}. */
    public void every(String name, Duration interval, Runnable duty) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                metrics.jobRan(name);
                duty.run();
            } catch (RuntimeException e) {
                metrics.jobFailed(name);
                LOG.log(System.Logger.Level.WARNING, "{0} failed, retried in {1}: {2}", name, interval, e.getMessage());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
