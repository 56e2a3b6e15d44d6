package dev.sigil.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.auth.Role;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.webhook.WebhookNotifier;
import dev.sigil.storage.webhook.DeliveryRecord;
import dev.sigil.storage.webhook.DeliveryState;
import dev.sigil.storage.webhook.WebhookStore;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/webhooks}: the delivery log and a test event. No retry of a FAILED delivery: the outbox's
 * compare-and-set only moves PENDING deliveries on, and FAILED is final in storage (send a test event to check a
 * repaired receiver).
 */
public final class WebhooksApi implements HttpService {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    public static final String TEST_EVENT = "webhook.test";

    private static final ObjectMapper PAYLOADS = new ObjectMapper();

    private final WebhookStore store;
    private final Optional<WebhookNotifier> notifier;
    private final Guard guard;
    private final Json json;
    private final Clock clock;

    /** @param notifier empty when no webhook is configured (the test event is then refused) */
    public WebhooksApi(WebhookStore store, Optional<WebhookNotifier> notifier, Guard guard, Json json, Clock clock) {
        this.clock = clock;
        this.store = store;
        this.notifier = notifier;
        this.guard = guard;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/webhooks/deliveries", guard.require(Role.AUDITOR, (req, res, caller) -> {
                    Optional<DeliveryState> state = CertificatesApi.param(req, "state").map(WebhooksApi::state);
                    int limit = CertificatesApi.param(req, "limit").map(WebhooksApi::limit).orElse(DEFAULT_LIMIT);
                    json.send(res, Status.OK_200, Map.of("items",
                            store.list(state, limit).stream().map(d -> delivery(d, false)).toList()));
                }))
                .get("/webhooks/deliveries/{id}", guard.require(Role.AUDITOR, (req, res, caller) -> {
                    String id = req.path().pathParameters().get("id");
                    DeliveryRecord d = store.find(id)
                            .orElseThrow(() -> SigilException.notFound("no webhook delivery " + id));
                    json.send(res, Status.OK_200, delivery(d, true));
                }))
                .post("/webhooks/deliveries/{id}/retry", guard.require(Role.OPERATOR, (req, res, caller) -> {
                    String id = req.path().pathParameters().get("id");
                    DeliveryRecord d = store.find(id)
                            .orElseThrow(() -> SigilException.notFound("no webhook delivery " + id));
                    if (d.state() != DeliveryState.FAILED || !store.requeue(id, clock.instant())) {
                        throw SigilException.conflict("only a FAILED delivery can be retried; " + id + " is "
                                + store.find(id).map(x -> x.state().name()).orElse("gone"));
                    }
                    guard.recordAccess(caller, "webhook.retry", id, "requeued after " + d.attempts() + " attempts");
                    json.send(res, Status.OK_200, delivery(store.find(id).orElseThrow(), false));
                }))
                .post("/webhooks/test", guard.require(Role.OPERATOR, (req, res, caller) -> {
                    WebhookNotifier n = notifier.orElseThrow(() -> SigilException.conflict(
                            "webhooks are not configured: set sigil.webhook.url and its secret"));
                    String id = n.record(TEST_EVENT, "test", Map.of("requestedBy", caller.name()));
                    res.header(HeaderNames.LOCATION, "/api/v1/webhooks/deliveries/" + id);
                    json.send(res, Status.ACCEPTED_202, Map.of("id", id, "state", DeliveryState.PENDING.name()));
                }));
    }

    static DeliveryState state(String text) {
        try {
            return DeliveryState.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw SigilException.malformed("state must be one of pending, delivered, failed");
        }
    }

    static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw SigilException.malformed("limit must be 1.." + MAX_LIMIT);
    }

    static Map<String, Object> delivery(DeliveryRecord d, boolean withPayload) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("event", d.event());
        m.put("subject", d.subject());
        m.put("state", d.state().name());
        m.put("createdAt", d.createdAt().toString());
        m.put("attempts", d.attempts());
        if (d.state() == DeliveryState.PENDING) {
            m.put("nextAttemptAt", d.nextAttemptAt().toString());
        }
        d.deliveredAt().ifPresent(t -> m.put("deliveredAt", t.toString()));
        d.lastStatus().ifPresent(s -> m.put("lastStatus", s));
        d.lastError().ifPresent(e -> m.put("lastError", e));
        if (withPayload) {
            try {
                m.put("payload", PAYLOADS.readTree(d.payload()));
            } catch (JsonProcessingException e) {
                m.put("payload", d.payload()); // rendered by Sigil, so always JSON; kept as text if not
            }
        }
        return m;
    }
}
