package dev.sigil.service.webhook;

import java.util.Map;

/**
 * Announces lifecycle events (a managed certificate rotated, a certificate about to expire) to the operator's
 * webhook. Implementations record the event durably before returning and deliver it later, with retries; a caller
 * never waits for the receiver.
 */
@FunctionalInterface
public interface Notifier {

    /** Drops every event: for deployments without a webhook, and for tests of other parts. */
    Notifier NONE = (event, subject, data) -> {
    };

    /**
     * @param event   the event type, e.g. {@code managed.rotated}, {@code certificate.expiring}
     * @param subject what it is about, e.g. the managed certificate's name or ISSUER/SERIAL
     * @param data    JSON-serialisable details (strings, numbers, booleans, lists and maps of them)
     */
    void notify(String event, String subject, Map<String, Object> data);
}
