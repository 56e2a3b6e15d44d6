package dev.sigil.storage.webhook;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One webhook event and the state of its delivery.
 *
 * @param id            application-assigned, URL-safe (also the {@code X-Sigil-Delivery} header)
 * @param event         the event type, e.g. {@code certificate.expiring}
 * @param subject       what the event is about, e.g. ISSUER/SERIAL
 * @param payload       the JSON body sent on every attempt
 * @param createdAt     when the event was recorded
 * @param attempts      attempts made so far
 * @param nextAttemptAt when the next attempt is due (meaningful while PENDING)
 * @param deliveredAt   when the receiver accepted it
 * @param lastStatus    HTTP status of the last attempt, if the receiver answered
 * @param lastError     why the last attempt failed (status or exception class and message), never a secret
 * @param state         PENDING, DELIVERED or FAILED
 */
public record DeliveryRecord(String id, String event, String subject, String payload, Instant createdAt, int attempts,
                             Instant nextAttemptAt, Optional<Instant> deliveredAt, Optional<Integer> lastStatus,
                             Optional<String> lastError, DeliveryState state) {

    public static final int MAX_ID = 40;
    public static final int MAX_EVENT = 64;
    public static final int MAX_SUBJECT = 255;
    public static final int MAX_ERROR = 1024;
    /** Largest payload stored, in characters (well under MEDIUMTEXT's 16 MiB even at 4 bytes per character). */
    public static final int MAX_PAYLOAD = 1 << 20;

    public DeliveryRecord {
        check("id", id, MAX_ID);
        check("event", event, MAX_EVENT);
        check("subject", subject, MAX_SUBJECT);
        check("payload", payload, MAX_PAYLOAD);
        Objects.requireNonNull(createdAt, "createdAt");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(deliveredAt, "deliveredAt");
        Objects.requireNonNull(lastStatus, "lastStatus");
        Objects.requireNonNull(lastError, "lastError");
        lastError.ifPresent(e -> check("lastError", e, MAX_ERROR));
        Objects.requireNonNull(state, "state");
    }

    /** A new event, due at once. */
    public static DeliveryRecord pending(String id, String event, String subject, String payload, Instant now) {
        return new DeliveryRecord(id, event, subject, payload, now, 0, now, Optional.empty(), Optional.empty(),
                Optional.empty(), DeliveryState.PENDING);
    }

    /** After an attempt the receiver accepted. */
    public DeliveryRecord delivered(Instant at, int status) {
        return new DeliveryRecord(id, event, subject, payload, createdAt, attempts + 1, nextAttemptAt, Optional.of(at),
                Optional.of(status), Optional.empty(), DeliveryState.DELIVERED);
    }

    /**
     * After an attempt that failed: due again at {@code next}, or FAILED if this was the last allowed attempt.
     *
     * @param status the receiver's status, empty if it could not be reached
     * @param error  why it failed (truncated to {@link #MAX_ERROR} here)
     */
    public DeliveryRecord failed(Optional<Integer> status, String error, Instant next, int maxAttempts) {
        int made = attempts + 1;
        String e = error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR - 3) + "..." : error;
        return new DeliveryRecord(id, event, subject, payload, createdAt, made, next, Optional.empty(), status,
                Optional.of(e), made >= maxAttempts ? DeliveryState.FAILED : DeliveryState.PENDING);
    }

    private static void check(String field, String value, int max) {
        Objects.requireNonNull(value, field);
        if (value.isEmpty() || value.length() > max) {
            throw new IllegalArgumentException(field + " must be 1-" + max + " characters");
        }
    }
}
