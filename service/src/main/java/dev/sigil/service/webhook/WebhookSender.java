package dev.sigil.service.webhook;

import dev.sigil.storage.webhook.DeliveryRecord;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Makes one attempt to deliver: a POST of the stored body to the webhook URL with the JDK's HTTP client, signed (see
 * {@link WebhookSecret#sign}). A 2xx answer delivers; any other answer, a timeout or a connection failure is a failed
 * attempt. Redirects are not followed: the signature is for the configured URL, and following one would let whoever
 * controls the receiver point Sigil's requests elsewhere.
 */
public final class WebhookSender {

    public static final String DELIVERY = "X-Sigil-Delivery";
    public static final String EVENT = "X-Sigil-Event";
    public static final String TIMESTAMP = "X-Sigil-Timestamp";
    public static final String SIGNATURE = "X-Sigil-Signature";

    private final URI url;
    private final WebhookSecret secret;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient client;

    public WebhookSender(URI url, WebhookSecret secret, Duration timeout, Clock clock) {
        this.url = url;
        this.secret = secret;
        this.timeout = timeout;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public SendResult send(DeliveryRecord d) {
        byte[] body = d.payload().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Sigil-Webhook/1")
                .header(DELIVERY, d.id())
                .header(EVENT, d.event())
                .header(TIMESTAMP, Long.toString(timestamp))
                .header(SIGNATURE, secret.sign(timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return SendResult.answered(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            return SendResult.unreachable(describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.unreachable("interrupted (the node is shutting down)");
        }
    }

    /** Exception class and message (and the cause's, which often says more), with the secret scrubbed. */
    String describe(Throwable e) {
        StringBuilder s = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            s.append(": ").append(e.getMessage());
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e && cause.getMessage() != null && !cause.getMessage().equals(e.getMessage())) {
            s.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(')');
        }
        return secret.redact(s.toString());
    }

    @Override
    public String toString() {
        return "WebhookSender[" + url + "]";
    }
}
