package dev.sigil.service.webhook;

import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.testing.TestClock;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.webhook.DeliveryRecord;
import dev.sigil.storage.webhook.DeliveryState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Attempts, retries and giving up, on a real (H2) outbox with a scripted sender and a fake clock. */
class WebhookDispatcherTest {

    static final Instant START = Instant.parse("2026-11-23T20:00:00Z");
    static final String SECRET = WebhookSignatureTest.SECRET;

    @TempDir
    Path dir;
    Database db;
    TestClock clock;
    SigilMetrics metrics;
    final Deque<SendResult> script = new ArrayDeque<>();
    final List<String> sent = new ArrayList<>();

    @BeforeEach
    void open() {
        db = Database.open(DatabaseSettings.embedded(dir));
        clock = new TestClock(START);
        metrics = new SigilMetrics();
    }

    @AfterEach
    void close() {
        db.close();
    }

    static WebhookSettings settings(int maxAttempts) {
        return new WebhookSettings(URI.create("http://127.0.0.1:9/hook"), new WebhookSecret(SECRET),
                maxAttempts, Duration.ofSeconds(5), new Backoff(Duration.ofSeconds(30), Backoff.MAX_DELAY),
                Duration.ofSeconds(10), List.of(), Duration.ofHours(1), Set.of());
    }

    WebhookDispatcher dispatcher(int maxAttempts) {
        return new WebhookDispatcher(db.webhooks(), d -> {
            sent.add(d.id());
            return script.removeFirst();
        }, settings(maxAttempts), () -> 0.0, metrics, clock);
    }

    String enqueue() {
        return new WebhookNotifier(db.webhooks(), clock).record("webhook.test", "test", Map.of("n", 1));
    }

    @Test
    void aFailedAttemptIsRetriedAfterTheBackoffAndThenDelivered() {
        String id = enqueue();
        WebhookDispatcher dispatcher = dispatcher(12);
        script.add(SendResult.answered(500));

        dispatcher.run();
        DeliveryRecord afterFirst = db.webhooks().find(id).orElseThrow();
        assertThat(afterFirst.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(afterFirst.attempts()).isEqualTo(1);
        assertThat(afterFirst.lastStatus()).contains(500);
        assertThat(afterFirst.lastError()).contains("HTTP 500");
        assertThat(afterFirst.nextAttemptAt()).isEqualTo(START.plusSeconds(15)); // 30s base, jitter 0

        clock.advance(Duration.ofSeconds(14));
        assertThat(dispatcher.run()).as("not due yet").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        script.add(SendResult.answered(204));
        dispatcher.run();

        DeliveryRecord done = db.webhooks().find(id).orElseThrow();
        assertThat(done.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.deliveredAt()).contains(START.plusSeconds(15));
        assertThat(sent).containsExactly(id, id);
        assertThat(metrics.scrape()).contains("sigil_webhook_deliveries_total{result=\"retry\"} 1.0")
                .contains("sigil_webhook_deliveries_total{result=\"delivered\"} 1.0");
    }

    @Test
    void aDeliveryIsFailedAfterMaxAttemptsAndNeverSentAgain() {
        String id = enqueue();
        WebhookDispatcher dispatcher = dispatcher(3);
        List<Instant> nextAttempts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            script.add(SendResult.unreachable("ConnectException: Connection refused"));
            dispatcher.run();
            DeliveryRecord d = db.webhooks().find(id).orElseThrow();
            nextAttempts.add(d.nextAttemptAt());
            clock.advance(Duration.ofHours(1));
        }
        DeliveryRecord failed = db.webhooks().find(id).orElseThrow();
        assertThat(failed.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.lastStatus()).isEmpty();
        assertThat(failed.lastError()).contains("ConnectException: Connection refused");
        // 15s, 30s, 60s after each attempt (base 30s doubling, lower edge of the jitter)
        assertThat(nextAttempts).containsExactly(START.plusSeconds(15), START.plus(Duration.ofHours(1)).plusSeconds(30),
                START.plus(Duration.ofHours(2)).plusSeconds(60));

        clock.advance(Duration.ofDays(30));
        assertThat(dispatcher.run()).isEmpty();
        assertThat(sent).hasSize(3);
        assertThat(metrics.scrape()).contains("sigil_webhook_deliveries_total{result=\"failed\"} 1.0")
                .contains("sigil_webhook_deliveries_total{result=\"retry\"} 2.0");
    }

    @Test
    void anAttemptRecordedByAnotherNodeFirstIsNotCountedTwice() {
        String id = enqueue();
        DeliveryRecord pending = db.webhooks().find(id).orElseThrow();
        // another node sends and records while this one is sending
        WebhookDispatcher dispatcher = new WebhookDispatcher(db.webhooks(), d -> {
            db.webhooks().recordAttempt(d.delivered(clock.instant(), 200));
            return SendResult.answered(204);
        }, settings(5), () -> 0.0, metrics, clock);

        assertThat(dispatcher.run()).isEmpty();
        DeliveryRecord d = db.webhooks().find(id).orElseThrow();
        assertThat(d.attempts()).isEqualTo(pending.attempts() + 1);
        assertThat(d.lastStatus()).contains(200);
        assertThat(metrics.scrape()).doesNotContain("sigil_webhook_deliveries_total{result=\"delivered\"}");
    }

    @Test
    void theSecretNeverReachesTheStoredError() throws IOException {
        String id = enqueue();
        WebhookSender real = new WebhookSender(URI.create("http://127.0.0.1:9/hook"), new WebhookSecret(SECRET),
                Duration.ofSeconds(1), clock);
        script.add(SendResult.unreachable(real.describe(new IOException("echoed " + SECRET))));
        dispatcher(5).run();
        DeliveryRecord d = db.webhooks().find(id).orElseThrow();
        assertThat(d.lastError().orElseThrow()).contains("IOException: echoed [redacted]").doesNotContain(SECRET);
        assertThat(d.toString()).doesNotContain(SECRET);
        assertThat(d.payload()).doesNotContain(SECRET);
    }
}
