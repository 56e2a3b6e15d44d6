package dev.sigil.service.jobs;

import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.webhook.WebhookDispatcher;
import dev.sigil.service.webhook.WebhookSender;
import dev.sigil.service.webhook.WebhookSettings;
import dev.sigil.storage.webhook.WebhookStore;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

import java.time.Clock;
import java.util.Optional;

/**
 * Sends due webhook deliveries every {@code sigil.webhook.poll-interval}. Clustered and not concurrent: one node at
 * a time sends, so a delivery is normally attempted once per due time; a node dying between sending and recording
 * makes the recovered run send it again (at least once; receivers dedupe by {@code X-Sigil-Delivery}).
 * Without a webhook URL nothing is scheduled, and a trigger left from an earlier configuration runs as a no-op.
 */
@DisallowConcurrentExecution
public final class WebhookDeliveryJob implements Job {

    static final String JOB = "webhook-delivery";
    private static final System.Logger LOG = System.getLogger(WebhookDeliveryJob.class.getName());

    private final Optional<WebhookDispatcher> dispatcher;
    private final Optional<WebhookSettings> settings;
    private final SigilMetrics metrics;

    WebhookDeliveryJob(Optional<WebhookDispatcher> dispatcher, Optional<WebhookSettings> settings, SigilMetrics metrics) {
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** The job for these settings (a no-op without a webhook). */
    public static WebhookDeliveryJob create(Optional<WebhookSettings> settings, WebhookStore store, SigilMetrics metrics,
                                            Clock clock) {
        Optional<WebhookDispatcher> d = settings.map(s -> new WebhookDispatcher(store,
                new WebhookSender(s.url(), s.secret(), s.timeout(), clock)::send, s, metrics, clock));
        return new WebhookDeliveryJob(d, settings, metrics);
    }

    /** Registers the periodic run (once per cluster), if webhooks are configured. */
    public void schedule(SigilScheduler on) {
        settings.ifPresent(s -> on.every(JOB, WebhookDeliveryJob.class, s.pollInterval()));
    }

    @Override
    public void execute(JobExecutionContext context) {
        if (dispatcher.isEmpty()) {
            return;
        }
        metrics.jobRan(JOB);
        try {
            dispatcher.get().run();
        } catch (RuntimeException e) {
            // A database outage: the deliveries stay due and the next tick tries again.
            metrics.jobFailed(JOB);
            LOG.log(System.Logger.Level.WARNING, "webhook delivery run failed, retried on the next tick: {0}", e.getMessage());
        }
    }
}
