package dev.sigil.storage.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * The record that a certificate's expiry notice for one window was sent (its event recorded for delivery).
 *
 * @param window the window's label, e.g. {@code 7d}
 */
public record ExpiryNotice(String issuerId, String serial, String window, Instant sentAt) {

    /** Longest window label stored. */
    public static final int MAX_WINDOW = 16;

    public ExpiryNotice {
        Objects.requireNonNull(issuerId, "issuerId");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(window, "window");
        if (window.isEmpty() || window.length() > MAX_WINDOW) {
            throw new IllegalArgumentException("window label must be 1-" + MAX_WINDOW + " characters");
        }
        Objects.requireNonNull(sentAt, "sentAt");
    }
}
