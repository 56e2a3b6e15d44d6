package dev.sigil.storage.certificate;

import java.util.Locale;
import java.util.Objects;

/**
 * One subject alternative name. DNS names are stored lower-case so that lookups are exact.
 *
 * @param type  the kind of name
 * @param value the name as text (IP addresses in their canonical textual form)
 */
public record San(SanType type, String value) {

    /** Longest SAN value stored (a DNS name is at most 253 characters; URIs are capped). */
    public static final int MAX_LENGTH = 255;

    public San {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("SAN value must be 1-" + MAX_LENGTH + " characters");
        }
        if (type == SanType.DNS) {
            value = value.toLowerCase(Locale.ROOT);
        }
    }

    public static San dns(String name) {
        return new San(SanType.DNS, name);
    }

    public static San ip(String address) {
        return new San(SanType.IP, address);
    }

    @Override
    public String toString() {
        return type.name().toLowerCase(Locale.ROOT) + ":" + value;
    }
}
