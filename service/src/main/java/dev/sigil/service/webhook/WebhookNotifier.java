package dev.sigil.service.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.storage.webhook.DeliveryRecord;
import dev.sigil.storage.webhook.WebhookStore;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link Notifier} of a deployment with a webhook: each event is rendered once into the JSON body every attempt
 * will send, and committed to the outbox ({@code webhook_deliveries}) before {@link #notify} returns. The webhook
 * delivery job ({@link WebhookDispatcher}) sends it later.
 *
 * <p>Body: {@code {"id", "type", "subject", "createdAt", "data": {...}}}; {@code id} is also the
 * {@code X-Sigil-Delivery} header, by which receivers recognise a repeated delivery.
 */
public final class WebhookNotifier implements Notifier {

    /** Random bytes in a delivery id (128 bits; 22 URL-safe characters). */
    static final int ID_BYTES = 16;
    static final String ID_PREFIX = "wh_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookStore store;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();

    public WebhookNotifier(WebhookStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void notify(String event, String subject, Map<String, Object> data) {
        record(event, subject, data);
    }

    /** Like {@link #notify}, and returns the delivery id (for the API's test event). */
    public String record(String event, String subject, Map<String, Object> data) {
        DeliveryRecord d = render(newId(), event, subject, data);
        store.enqueue(d);
        return d.id();
    }

    /** A new random delivery id. */
    static String newId() {
        byte[] b = new byte[ID_BYTES];
        RANDOM.nextBytes(b);
        return ID_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The pending delivery of an event, its body rendered now; not stored. */
    DeliveryRecord render(String id, String event, String subject, Map<String, Object> data) {
        Objects.requireNonNull(data, "data");
        Instant now = clock.instant();
        String shownSubject = subject.length() > DeliveryRecord.MAX_SUBJECT
                ? subject.substring(0, DeliveryRecord.MAX_SUBJECT - 3) + "..." : subject;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("type", event);
        body.put("subject", shownSubject);
        body.put("createdAt", now.toString());
        body.put("data", data);
        try {
            return DeliveryRecord.pending(id, event, shownSubject, mapper.writeValueAsString(body), now);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data of " + event + " is not JSON-serialisable: " + e.getOriginalMessage());
        }
    }
}
