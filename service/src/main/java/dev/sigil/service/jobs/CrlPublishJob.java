package dev.sigil.service.jobs;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.crl.CrlPublisher;
import dev.sigil.service.ca.crl.CrlRepublisher;
import dev.sigil.service.ca.crl.CrlSettings;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.metrics.SigilMetrics;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes CRLs. A periodic tick publishes, for every issuer, what {@link CrlPublisher#need} says it needs: a full
 * CRL when the latest is a period old (or missing), a delta when one is missing; which is also the retry: a run that
 * failed (database down) leaves the CRL due, and the next tick tries again with the same number. After a
 * revocation, a one-shot trigger at the end of the current {@code revocation-delay} window (longer after a
 * publication that took long, see {@link #window}) publishes a delta CRL of that issuer (a full CRL when deltas are
 * off, the full CRL is a period old, or the delta would be too large); revocations in the same window share the
 * trigger, so a burst yields one CRL.
 * Not concurrent: across the cluster, at most one publication runs at a time.
 */
@DisallowConcurrentExecution
public final class CrlPublishJob implements Job, CrlRepublisher {

    static final String JOB = "crl-publish";
    static final String TICK = "crl-tick";
    /** How often the tick looks for due CRLs (and so the longest a failed publication waits for its retry). */
    static final Duration TICK_INTERVAL = Duration.ofMinutes(1);
    /** A CRL is published after revocations at most once per this many times the last publication's time. */
    static final int BUSY_FACTOR = 4;
    private static final String ISSUER = "issuer";
    private static final System.Logger LOG = System.getLogger(CrlPublishJob.class.getName());

    private final IssuerRegistry issuers;
    private final CrlPublisher publisher;
    private final CrlSettings settings;
    private final SigilMetrics metrics;
    private final Clock clock;
    private volatile SigilScheduler scheduler;
    /** Per issuer, the revocation window this node last scheduled a republication for. */
    private final Map<String, String> scheduledWindow = new ConcurrentHashMap<>();

    public CrlPublishJob(IssuerRegistry issuers, CrlPublisher publisher, CrlSettings settings, SigilMetrics metrics,
                         Clock clock) {
        this.issuers = issuers;
        this.publisher = publisher;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Registers the periodic tick (once per cluster) and starts taking revocation notices. */
    public void schedule(SigilScheduler on) {
        this.scheduler = on;
        on.every(TICK, CrlPublishJob.class, TICK_INTERVAL.compareTo(settings.period()) < 0 ? TICK_INTERVAL : settings.period());
    }

    @Override
    public void revoked(String issuerId) {
        SigilScheduler s = scheduler;
        if (s == null) {
            return; // not scheduled (tests of the revocation path alone); the CDP falls back to publishing on demand
        }
        long window = window(issuerId).toMillis();
        long bucket = clock.millis() / window;
        String trigger = "crl-soon-" + issuerId + "-" + window + "-" + bucket;
        if (trigger.equals(scheduledWindow.get(issuerId))) {
            return; // this node already asked for this window's CRL: no database round trip per revocation
        }
        try {
            // Fires at the end of the window the revocation was committed in, after the commit: the CRL lists it.
            s.once(JOB, CrlPublishJob.class, trigger, Instant.ofEpochMilli((bucket + 1) * window), Map.of(ISSUER, issuerId));
            scheduledWindow.put(issuerId, trigger);
        } catch (RuntimeException e) {
            // The revocation is committed and must be reported as such; the tick's due() check sees a revocation
            // newer than the CRL and republishes within a minute.
            metrics.jobFailed(JOB);
            LOG.log(System.Logger.Level.WARNING, "could not schedule the CRL republication of {0}: {1}", issuerId,
                    e.getMessage());
        }
    }

    /**
     * The coalescing window: the configured delay, stretched to {@link #BUSY_FACTOR} times the last publication of
     * this issuer's CRL, so that republishing a large full CRL during a stream of revocations takes at most a
     * fraction of the machine (a 1M-entry CRL takes seconds of CPU; request threads need the rest). A delta takes
     * milliseconds, so with deltas the window is the configured delay except after a full CRL.
     */
    Duration window(String issuerId) {
        Duration stretched = publisher.lastDuration(issuerId).multipliedBy(BUSY_FACTOR);
        Duration configured = settings.revocationDelay();
        return stretched.compareTo(configured) > 0 ? stretched.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1) : configured;
    }

    @Override
    public void execute(JobExecutionContext context) {
        metrics.jobRan(JOB);
        String only = context.getMergedJobDataMap().getString(ISSUER);
        for (SigningIssuer issuer : issuers.all()) {
            if (only != null && !only.equals(issuer.id())) {
                continue;
            }
            try {
                if (only != null) {
                    publisher.publishAfterRevocation(issuer); // a delta, or a full CRL when a delta won't do
                } else {
                    // need() reads the store too: with the database down it fails like a publication, and is retried so.
                    publisher.publishIfDue(issuer);
                }
            } catch (RuntimeException e) {
                // Logged without the stack (a storage failure names the operation); the tick retries.
                metrics.jobFailed(JOB);
                LOG.log(System.Logger.Level.WARNING, "publishing the CRL of {0} failed, retried within {1}: {2}",
                        issuer.id(), TICK_INTERVAL, e.getMessage());
            }
        }
    }
}
