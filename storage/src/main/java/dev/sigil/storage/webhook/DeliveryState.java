package dev.sigil.storage.webhook;

/**
 * Where a webhook delivery stands: PENDING until the receiver answers 2xx (DELIVERED) or the attempts are used up
 * (FAILED). DELIVERED and FAILED are final.
 */
public enum DeliveryState { PENDING, DELIVERED, FAILED }
