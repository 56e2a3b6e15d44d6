package dev.sigil.service.webhook;

import dev.sigil.service.config.Durations;
import dev.sigil.storage.webhook.ExpiryNotice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One expiry notice window: a certificate whose notAfter is within {@code length} of now gets one
 * {@code certificate.expiring} event labelled {@code label} (e.g. {@code 7d}).
 */
public record NoticeWindow(String label, Duration length) {

    public NoticeWindow {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(length, "length");
        if (label.isEmpty() || label.length() > ExpiryNotice.MAX_WINDOW) {
            throw new IllegalArgumentException("window label must be 1-" + ExpiryNotice.MAX_WINDOW + " characters");
        }
    }

    /** A window from its duration; the label is its short form ({@code 30d}), which is what is stored. */
    public static NoticeWindow of(Duration length) {
        return new NoticeWindow(Durations.format(length), length);
    }

    /**
     * Parses a list such as {@code 30d,7d,1d}: distinct windows, largest first.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static List<NoticeWindow> parseAll(List<String> texts) {
        List<NoticeWindow> out = new ArrayList<>();
        for (String t : texts) {
            NoticeWindow w = of(Durations.parse(t));
            if (out.stream().anyMatch(o -> o.length().equals(w.length()))) {
                throw new IllegalArgumentException("notice window " + t + " is listed twice");
            }
            out.add(w);
        }
        out.sort(Comparator.comparing(NoticeWindow::length).reversed());
        return List.copyOf(out);
    }
}
