package dev.sigil.storage.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The webhook outbox ({@code webhook_deliveries}) and the once-only record of expiry notices ({@code expiry_notices}).
 * Every method is one transaction; failures are {@link dev.sigil.storage.StorageException}s.
 */
public interface WebhookStore {

    /** Records a new delivery. */
    void enqueue(DeliveryRecord delivery);

    /**
     * Records a delivery and the notice it carries in one transaction, unless that notice (certificate and window)
     * is already recorded: then nothing is stored and this returns false. A crash commits both or neither, so a
     * notice is never recorded without its delivery, nor sent twice.
     */
    boolean enqueueOnce(DeliveryRecord delivery, ExpiryNotice notice);

    /** PENDING deliveries whose next attempt is due at {@code now}, oldest first. */
    List<DeliveryRecord> due(Instant now, int limit);

    /**
     * Stores the outcome of an attempt ({@code updated} is the delivery after it) if the delivery is still PENDING
     * with one attempt fewer; false if someone else recorded an attempt first (nothing changed then).
     */
    boolean recordAttempt(DeliveryRecord updated);

    /**
     * Gives a FAILED delivery a new round of attempts: PENDING again, due at {@code now}, attempts counted from zero
     * (the last error and status are kept until the next attempt replaces them).
     *
     * @return false if the delivery does not exist or is not FAILED (nothing changed then)
     */
    boolean requeue(String id, Instant now);

    Optional<DeliveryRecord> find(String id);

    /** Deliveries, newest first, optionally of one state. */
    List<DeliveryRecord> list(Optional<DeliveryState> state, int limit);

    /**
     * Valid certificates expiring inside a window that have not been noticed for it and are not superseded: no
     * newer VALID certificate (later issuedAt) with the same owner (both absent counts as the same), the same set of
     * SANs (for a certificate without SANs: also none, and the same subject DN) and a later notAfter.
     */
    List<ExpiringCertificate> expiring(ExpiryQuery query);
}
