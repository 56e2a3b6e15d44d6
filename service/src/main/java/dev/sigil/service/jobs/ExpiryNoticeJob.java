package dev.sigil.service.jobs;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.webhook.CaExpiryNotices;
import dev.sigil.service.webhook.ExpiryNotices;
import dev.sigil.service.webhook.WebhookNotifier;
import dev.sigil.service.webhook.WebhookSettings;
import dev.sigil.storage.webhook.WebhookStore;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Records expiry notices every {@code sigil.expiry.check-interval}: {@code certificate.expiring} once per certificate
 * and window, {@code ca.expiring} once per CA and day. Clustered and not concurrent; the once-only guarantees are the
 * database's (keys), so an overlapping run on another node would only find nothing left to record.
 * Without a webhook URL nothing is scheduled, and a trigger left from an earlier configuration runs as a no-op.
 */
@DisallowConcurrentExecution
public final class ExpiryNoticeJob implements Job {

    static final String JOB = "expiry-notices";
    private static final System.Logger LOG = System.getLogger(ExpiryNoticeJob.class.getName());

    /** The two kinds of notice, present when webhooks are configured. */
    record Notices(ExpiryNotices certificates, CaExpiryNotices cas, Duration interval) {
    }

    private final Optional<Notices> notices;
    private final SigilMetrics metrics;

    ExpiryNoticeJob(Optional<Notices> notices, SigilMetrics metrics) {
        this.notices = notices;
        this.metrics = metrics;
    }

    /** @param caWarning {@code sigil.ca.expiry-warning}: a CA this close to its notAfter is announced daily */
    public static ExpiryNoticeJob create(Optional<WebhookSettings> settings, WebhookStore store, IssuerRegistry issuers,
                                         Duration caWarning, SigilMetrics metrics, Clock clock) {
        return new ExpiryNoticeJob(settings.map(s -> {
            WebhookNotifier notifier = new WebhookNotifier(store, clock);
            return new Notices(new ExpiryNotices(store, notifier, s.windows(), s.excludedProfiles(), clock),
                    new CaExpiryNotices(store, notifier, issuers, caWarning, clock), s.checkInterval());
        }), metrics);
    }

    /** Registers the periodic run (once per cluster), if webhooks are configured. */
    public void schedule(SigilScheduler on) {
        notices.ifPresent(n -> on.every(JOB, ExpiryNoticeJob.class, n.interval()));
    }

    @Override
    public void execute(JobExecutionContext context) {
        if (notices.isEmpty()) {
            return;
        }
        metrics.jobRan(JOB);
        try {
            int certificates = notices.get().certificates().run();
            int cas = notices.get().cas().run();
            metrics.webhookEnqueued(ExpiryNotices.EVENT, certificates);
            metrics.webhookEnqueued(CaExpiryNotices.EVENT, cas);
        } catch (RuntimeException e) {
            // Whatever was recorded stays recorded (each notice is its own transaction); the next run does the rest.
            metrics.jobFailed(JOB);
            LOG.log(System.Logger.Level.WARNING, "expiry notice run failed, retried on the next tick: {0}", e.getMessage());
        }
    }
}
