package dev.sigil.cli.cert;

import java.util.Locale;

/** The status filter of {@code sigil cert list}. */
public enum CertStatus {
    VALID,
    REVOKED,
    EXPIRED;

    /** The value the API uses. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException listing the accepted values */
    public static CertStatus parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (CertStatus s : values()) {
            if (s.name().equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status '" + text + "' (use valid, revoked or expired)");
    }
}
