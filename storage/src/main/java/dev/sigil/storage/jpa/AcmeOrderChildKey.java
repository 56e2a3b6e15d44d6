package dev.sigil.storage.jpa;

import java.io.Serializable;

/** Primary key of an order's child rows (identifiers, authorization links): the order and a position in it. */
record AcmeOrderChildKey(String orderId, int position) implements Serializable {
}
