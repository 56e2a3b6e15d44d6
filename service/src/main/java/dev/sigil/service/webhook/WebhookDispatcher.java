package dev.sigil.service.webhook;

import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.storage.webhook.DeliveryRecord;
import dev.sigil.storage.webhook.DeliveryState;
import dev.sigil.storage.webhook.WebhookStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Sends due deliveries and records each attempt. The attempt is recorded after the request, so a node that dies in
 * between leaves the delivery due and another sends it again: delivery is at least once, and receivers dedupe by
 * {@code X-Sigil-Delivery}. Recording is compare-and-set on the attempt count, so two senders of one delivery
 * (a recovered job, a clock-skewed node) never both count an attempt; the loser's outcome is dropped.
 */
public final class WebhookDispatcher {

    /** Deliveries read per database round trip. */
    static final int BATCH = 50;
    /** Batches per run at most; whatever is left waits for the next tick, so a run ends in bounded time. */
    static final int MAX_BATCHES = 10;

    private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());

    private final WebhookStore store;
    private final Function<DeliveryRecord, SendResult> sender;
    private final WebhookSettings settings;
    private final DoubleSupplier random;
    private final SigilMetrics metrics;
    private final Clock clock;

    public WebhookDispatcher(WebhookStore store, Function<DeliveryRecord, SendResult> sender, WebhookSettings settings,
                             SigilMetrics metrics, Clock clock) {
        this(store, sender, settings, () -> ThreadLocalRandom.current().nextDouble(), metrics, clock);
    }

    /** @param random jitter source, uniform in [0, 1) (fixed in tests) */
    WebhookDispatcher(WebhookStore store, Function<DeliveryRecord, SendResult> sender, WebhookSettings settings,
                      DoubleSupplier random, SigilMetrics metrics, Clock clock) {
        this.store = store;
        this.sender = sender;
        this.settings = settings;
        this.random = random;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Attempts every delivery due now (up to {@link #MAX_BATCHES} batches); returns the attempts recorded. */
    public List<DeliveryRecord> run() {
        List<DeliveryRecord> recorded = new ArrayList<>();
        for (int b = 0; b < MAX_BATCHES; b++) {
            List<DeliveryRecord> due = store.due(clock.instant(), BATCH);
            for (DeliveryRecord d : due) {
                DeliveryRecord after = attempt(d);
                if (store.recordAttempt(after)) {
                    recorded.add(after);
                    metrics.webhookDelivery(result(after));
                    if (after.state() == DeliveryState.FAILED) {
                        LOG.log(System.Logger.Level.WARNING, "webhook delivery {0} ({1}) failed after {2} attempts: {3}",
                                after.id(), after.event(), after.attempts(), after.lastError().orElse(""));
                    }
                } else {
                    LOG.log(System.Logger.Level.INFO, "webhook delivery {0}: another attempt was recorded first", d.id());
                }
            }
            if (due.size() < BATCH) {
                break;
            }
        }
        return recorded;
    }

    /** The delivery after one attempt (not yet stored). */
    DeliveryRecord attempt(DeliveryRecord d) {
        SendResult r = sender.apply(d);
        Instant at = clock.instant();
        if (r.delivered()) {
            return d.delivered(at, r.status().orElseThrow());
        }
        Instant next = at.plus(settings.backoff().delay(d.attempts() + 1, random.getAsDouble()));
        return d.failed(r.status(), r.error().orElseThrow(), next, settings.maxAttempts());
    }

    private static String result(DeliveryRecord d) {
        return switch (d.state()) {
            case DELIVERED -> "delivered";
            case FAILED -> "failed";
            case PENDING -> "retry";
        };
    }
}
