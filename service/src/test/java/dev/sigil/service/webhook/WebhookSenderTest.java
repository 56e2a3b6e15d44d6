package dev.sigil.service.webhook;

import dev.sigil.service.testing.TestClock;
import dev.sigil.storage.webhook.DeliveryRecord;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** One attempt on the wire, against a receiver on loopback. */
class WebhookSenderTest {

    static final Instant NOW = Instant.parse("2026-11-23T20:00:00Z");
    static final String SECRET = WebhookSignatureTest.SECRET;
    static final String BODY = "{\"id\":\"wh_abc\",\"type\":\"webhook.test\",\"data\":{\"x\":\"\u00fc\"}}";

    static DeliveryRecord delivery() {
        return DeliveryRecord.pending("wh_abc", "webhook.test", "test", BODY, NOW);
    }

    static WebhookSender sender(URI url) {
        return new WebhookSender(url, new WebhookSecret(SECRET), Duration.ofSeconds(5), new TestClock(NOW));
    }

    @Test
    void postsTheStoredBodyWithHeadersAndAVerifiableSignature() throws Exception {
        try (TestReceiver receiver = new TestReceiver(204)) {
            SendResult r = sender(receiver.url()).send(delivery());

            assertThat(r.delivered()).isTrue();
            assertThat(r.status()).contains(204);
            TestReceiver.Received got = receiver.received().getFirst();
            assertThat(got.method()).isEqualTo("POST");
            assertThat(new String(got.body(), StandardCharsets.UTF_8)).isEqualTo(BODY);
            assertThat(got.header("Content-Type")).isEqualTo("application/json");
            assertThat(got.header("X-Sigil-Delivery")).isEqualTo("wh_abc");
            assertThat(got.header("X-Sigil-Event")).isEqualTo("webhook.test");
            assertThat(got.header("X-Sigil-Timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
            assertThat(got.header("X-Sigil-Signature"))
                    .isEqualTo(ReceiverHmac.expectedSignature(SECRET, got.header("X-Sigil-Timestamp"), got.body()));
            assertThat(got.headers().toString()).doesNotContain(SECRET);
        }
    }

    @Test
    void aServerErrorOrARedirectIsAFailedAttemptAndTheRedirectIsNotFollowed() throws Exception {
        try (TestReceiver receiver = new TestReceiver(500, 302)) {
            WebhookSender sender = sender(receiver.url());
            SendResult error = sender.send(delivery());
            SendResult redirect = sender.send(delivery());

            assertThat(error.delivered()).isFalse();
            assertThat(error.status()).contains(500);
            assertThat(error.error()).contains("HTTP 500");
            assertThat(redirect.delivered()).isFalse();
            assertThat(redirect.error().orElseThrow()).startsWith("HTTP 302").contains("not followed");
            assertThat(receiver.received()).hasSize(2); // nothing went to the Location
        }
    }

    @Test
    void anUnreachableReceiverIsAFailedAttemptNamingTheException() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        SendResult r = sender(URI.create("http://127.0.0.1:" + closedPort + "/hook")).send(delivery());

        assertThat(r.delivered()).isFalse();
        assertThat(r.status()).isEmpty();
        assertThat(r.error().orElseThrow()).contains("ConnectException").doesNotContain(SECRET);
    }

    @Test
    void errorDescriptionsNeverCarryTheSecret() {
        WebhookSender sender = sender(URI.create("http://127.0.0.1:9/hook"));
        String described = sender.describe(new java.io.IOException("echo " + SECRET, new RuntimeException(SECRET)));
        assertThat(described).startsWith("IOException: echo [redacted]").doesNotContain(SECRET);
        assertThat(sender.toString()).doesNotContain(SECRET);
        assertThat(SendResult.answered(201)).isEqualTo(new SendResult(Optional.of(201), Optional.empty()));
    }
}
